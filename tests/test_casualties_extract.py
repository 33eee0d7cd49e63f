"""Casualty figure extraction: the seed article, then one invented sentence per rule (numbers, hedges,
types, kinds, periods, scope, victim groups, non-figures) and the batch interface. Claimants and places:
test_casualties_attribution.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from casualty_text import PUB, article, models, pick

from pipeline import settings
from pipeline.casualties.extract import (
    EXTRACTOR_VERSION,
    ROW_KEYS,
    extract_article_figures,
    extract_batch,
    is_candidate,
)
from pipeline.nlp.model import PARSER_COMPONENTS, load_parser

SEED = Path(__file__).resolve().parents[1] / "seeds" / "gaza-ceasefire-talks.txt"
D = dt.date


@pytest.fixture(scope="module")
def nlp():
    return models()


def run(nlp, body: str, pub: dt.date | None = PUB, article_id: str = "t") -> list[dict]:
    return extract_article_figures(**article(body, pub, article_id), nlp=nlp[1])


# ---------------------------------------------------------------- the seed article
SEED_EXPECTED = [
    {
        "figure_text": "over 100",
        "casualty_type": "killed",
        "type_rule": "noun:fatalities",
        "count_low": 100,
        "count_best": 100,
        "count_high": None,
        "hedge": "over",
        "figure_kind": "incremental",
        "kind_rule": "inc:overnight",
        "period_start": D(2024, 2, 6),
        "period_end": D(2024, 2, 7),
        "report_date": D(2024, 2, 7),
        "claimant_text": "the health ministry",
        "claimant_name": "Gaza Ministry of Health",
        "location_name": "Gaza",
        "victim_group": None,
    },
    {
        "figure_text": "at least 27,585",
        "casualty_type": "killed",
        "type_rule": "noun:casualties|casualties->killed",
        "count_low": 27585,
        "count_best": 27585,
        "count_high": None,
        "hedge": "at_least",
        "figure_kind": "cumulative",
        "kind_rule": "cum:toll",
        "period_start": None,
        "period_end": D(2024, 2, 7),
        "report_date": D(2024, 2, 7),
        "claimant_text": "Gaza's health ministry",
        "claimant_name": "Gaza Ministry of Health",
        "location_name": "Gaza",
        "victim_group": None,
    },
    {
        "figure_text": "ten",
        "casualty_type": "killed",
        "type_rule": "noun:lives",
        "count_low": 10,
        "count_best": 10,
        "count_high": 10,
        "hedge": "exact",
        "figure_kind": "incremental",
        "kind_rule": "inc:event",
        "period_start": None,
        "period_end": None,
        "report_date": D(2024, 2, 7),
        "claimant_text": "the Syrian Observatory for Human Rights",
        "claimant_name": "Syrian Observatory for Human Rights",
        "location_name": "Homs",
        "victim_group": None,
    },
]


def test_seed_gives_exactly_three_figures(nlp):
    body = SEED.read_text(encoding="utf-8")
    rows = run(nlp, body, article_id="seed")
    assert [{k: r[k] for k in SEED_EXPECTED[0]} for r in rows] == SEED_EXPECTED
    assert pick(rows, "scope", "claimant_rule", "location_rule", "published_date") == [
        ("full", "claim:verb:report", "place:claimant_home", PUB),
        ("full", "claim:as_per", "place:claimant_home", PUB),
        ("full", "claim:according_to", "place:clause", PUB),
    ]
    for r in rows:
        assert tuple(r) == ROW_KEYS
        assert body[r["start_char"] : r["end_char"]] == r["figure_text"]
        assert r["figure_id"] == f"seed-{r['start_char']}-{r['casualty_type']}"
        assert r["extractor_version"] == EXTRACTOR_VERSION
        assert 0 <= r["confidence"] <= 1


# ---------------------------------------------------------------- one line per rule
# (sentence, [(type, low, best, high, hedge)])
COUNTS = [
    # hedges
    ("At least 12 people were killed in the blast.", [("killed", 12, 12, None, "at_least")]),
    ("Over 40 people were injured in the attack.", [("injured", 40, 40, None, "over")]),
    (
        "More than 300 people have been killed since the offensive began.",
        [("killed", 300, 300, None, "over")],
    ),
    ("Nearly 50 people died in the fire at the camp.", [("killed", None, 50, 50, "nearly")]),
    ("Up to 20 fishermen are missing after the attack.", [("missing", None, 20, 20, "up_to")]),
    ("Some 35 soldiers were wounded in the ambush.", [("injured", None, 35, None, "about")]),
    ("About 60 people were killed in the raid.", [("killed", None, 60, None, "about")]),
    ("Between 20 and 30 people were killed in the shelling.", [("killed", 20, 20, 30, "range")]),
    ("Medics said 20 to 30 people died in the shelling.", [("killed", 20, 20, 30, "range")]),
    # number forms
    ("The bombing killed 1,250 people in the city.", [("killed", 1250, 1250, 1250, "exact")]),
    ("Militants killed seven farmers near the river.", [("killed", 7, 7, 7, "exact")]),
    ("A dozen villagers were shot dead by the gunmen.", [("killed", 12, 12, 12, "exact")]),
    ("Two dozen people were wounded when the bridge was shelled.", [("injured", 24, 24, 24, "exact")]),
    ("Dozens of people were killed in the strikes.", [("killed", 12, 12, None, "vague:dozens")]),
    ("Hundreds were injured in the explosions.", [("injured", 100, 100, None, "vague:hundreds")]),
    ("A hundred people were killed in the massacre.", [("killed", 100, 100, 100, "exact")]),
    ("Gunmen opened fire on the market, killing a woman.", [("killed", 1, 1, 1, "singular")]),
    ("An elderly man was shot dead outside his home.", [("killed", 1, 1, 1, "singular")]),
    (
        "The attack left 3 fatalities and 6 injuries.",
        [("killed", 3, 3, 3, "exact"), ("injured", 6, 6, 6, "exact")],
    ),
    (
        "Rebels killed nine men and wounded 14 others at the checkpoint.",
        [("killed", 9, 9, 9, "exact"), ("injured", 14, 14, 14, "exact")],
    ),
    ("Five staff were killed when the convoy was hit.", [("killed", 5, 5, 5, "exact")]),
    # predicates beyond 'kill'
    (
        "Thirty villagers lost their lives in the flooding of the camp after the attack.",
        [("killed", 30, 30, 30, "exact")],
    ),
    ("Two reporters were beaten to death by the mob.", [("killed", 2, 2, 2, "exact")]),
    ("Troops shot dead three protesters at the bridge.", [("killed", 3, 3, 3, "exact")]),
    ("Police shot four protesters near the square.", [("injured", 4, 4, 4, "exact")]),
    (
        "Residents found the bodies of 17 men in the ditch near the killing site.",
        [("killed", 17, 17, 17, "exact")],
    ),
    ("The raid led to the death of eleven people.", [("killed", 11, 11, 11, "exact")]),
    ("On Wednesday 41 people were killed by bandits in the village.", [("killed", 41, 41, 41, "exact")]),
    # conjuncts are separate figures; apposed breakdowns are not figures
    (
        "The strike killed a woman and six of her children.",
        [("killed", 1, 1, 1, "singular"), ("killed", 6, 6, 6, "exact")],
    ),
    (
        "Nine people, four teachers and five pupils, were killed in the attack.",
        [("killed", 9, 9, 9, "exact")],
    ),
    (
        "The death toll reached 2,215, with 8,700 people injured.",
        [("killed", 2215, 2215, 2215, "exact"), ("injured", 8700, 8700, 8700, "exact")],
    ),
    ("About 80 armed men killed six villagers.", [("killed", 6, 6, 6, "exact")]),
    (
        "The strikes brought the toll to more than 28,100 and more than 67,500 injured.",
        [("killed", 28100, 28100, None, "over"), ("injured", 67500, 67500, None, "over")],
    ),
    # numbers and hedges as the press writes them: a stray space in the thousands; 'surpassed N' is over N
    ("The death toll rose to 31, 204 on Sunday.", [("killed", 31204, 31204, 31204, "exact")]),
    ("The death toll in the city has surpassed 4,000.", [("killed", 4000, 4000, None, "over")]),
    ("The number of people killed has exceeded 900.", [("killed", 900, 900, None, "over")]),
    ("The toll eclipsed 12,000 last month.", [("killed", 12000, 12000, None, "over")]),
    ("The death toll has now topped 2,500.", [("killed", 2500, 2500, None, "over")]),
    ("The toll passed 700 on Friday.", [("killed", 700, 700, None, "over")]),
    # bodies not yet counted are not a toll
    (
        "Rescuers said 60 people were killed and thousands more are feared buried under the rubble.",
        [("killed", 60, 60, 60, "exact")],
    ),
    # sub-counts take the type of the figure they belong to
    (
        "At least 45 people died in the fire, including 11 children.",
        [("killed", 45, 45, None, "at_least"), ("killed", 11, 11, 11, "exact")],
    ),
    (
        "Two nurses were among the 19 people killed in the shelling.",
        [("killed", 2, 2, 2, "exact"), ("killed", 19, 19, 19, "exact")],
    ),
    ("The film shows the fatal shooting of three farmers.", [("killed", 3, 3, 3, "exact")]),
    ("Officials say 300 people are dead, wounded or missing after the quake.",
     [("casualties", 300, 300, 300, "exact")]),
    (
        "Officials estimate that half of them - about 8,000 people - were murdered in the camps.",
        [("killed", None, 8000, None, "about")],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), COUNTS, ids=[c[0][:40] for c in COUNTS])
def test_counts_and_hedges(nlp, sentence, expected):
    rows = run(nlp, sentence)
    got = [(r["casualty_type"], r["count_low"], r["count_best"], r["count_high"], r["hedge"]) for r in rows]
    assert got == expected


# (sentence, figure_kind, kind_rule, period_start, period_end, report_date)
KINDS = [
    ("The death toll rose to 85 on Monday.", "cumulative", "cum:toll", None, D(2024, 2, 5), D(2024, 2, 5)),
    (
        "Overnight, 14 people were killed in the camp.",
        "incremental",
        "inc:overnight",
        D(2024, 2, 6),
        D(2024, 2, 7),
        D(2024, 2, 7),
    ),
    (
        "In the past 24 hours, 97 people were killed, the ministry said.",
        "incremental",
        "inc:overnight",
        D(2024, 2, 6),
        D(2024, 2, 7),
        D(2024, 2, 7),
    ),
    (
        "Yesterday, five people were killed in the town.",
        "incremental",
        "inc:day",
        D(2024, 2, 6),
        D(2024, 2, 6),
        D(2024, 2, 6),
    ),
    (
        "Since 7 October, 27,000 people have been killed.",
        "cumulative",
        "cum:since",
        D(2023, 10, 7),
        D(2024, 2, 7),
        D(2024, 2, 7),
    ),
    (
        "In total, 412 people have been killed in the region.",
        "cumulative",
        "cum:total",
        None,
        D(2024, 2, 7),
        D(2024, 2, 7),
    ),
    (
        "A strike on a school killed 8 people on Tuesday.",
        "incremental",
        "inc:day",
        D(2024, 2, 6),
        D(2024, 2, 6),
        D(2024, 2, 6),
    ),
    (
        "The ministry said 30 people were killed in the past 24 hours, bringing the death toll to 27,708.",
        "incremental",
        "inc:overnight",
        D(2024, 2, 6),
        D(2024, 2, 7),
        D(2024, 2, 7),
    ),
    (
        "At least 141 people have been killed in strikes since Saturday.",
        "cumulative",
        "cum:since_partial",
        D(2024, 2, 3),
        D(2024, 2, 7),
        D(2024, 2, 7),
    ),
    (
        "More than 500 people have been killed since the bombing resumed.",
        "cumulative",
        "cum:since_partial",
        None,
        D(2024, 2, 7),
        D(2024, 2, 7),
    ),
    (
        "On average, nearly 300 people have been killed each day.",
        "unknown",
        "rate:per_day",
        None,
        None,
        D(2024, 2, 7),
    ),
    # perfect aspect with a war or campaign as subject: a running total
    ("The war has killed more than 30,000 people.", "cumulative", "cum:campaign", None, PUB, PUB),
    ("The bombardment, which has killed 9,000 people, went on.", "cumulative", "cum:perfect", None, PUB, PUB),
    ("Of the 40 hostages still held, at least 10 are dead.", "cumulative", "cum:state", None, PUB, PUB),
    # a single event, a named day, a recent period
    ("Strike kills 20 in port city", "incremental", "inc:event", None, None, PUB),
    ("Rescuers said 14 people died in the collapse of the bridge.", "incremental", "inc:event", None, None, PUB),
    ("Police said six men were shot dead outside the mosque.", "incremental", "inc:past", None, None, PUB),
    ("In the past week, 300 people were killed in the city.", "incremental", "inc:period", D(2024, 1, 31), PUB, PUB),
    ("Last Thursday, 16 people were killed in the market.", "incremental", "inc:day", D(2024, 2, 1), D(2024, 2, 1),
     D(2024, 2, 1)),
    # the day a dated past event describes
    ("Gunmen attacked the village on 2 January, killing 12 people.", "incremental", "inc:date", D(2024, 1, 2),
     D(2024, 1, 2), D(2024, 1, 2)),
    ("Eleven people were killed in the 5 January drone strike on the port.", "incremental", "inc:date",
     D(2024, 1, 5), D(2024, 1, 5), D(2024, 1, 5)),
    ("In December, 40 people were killed in the raids on the camp.", "incremental", "inc:event", D(2023, 12, 1),
     D(2023, 12, 31), D(2023, 12, 31)),
    ("Since 3 January, when the militia stormed the town and killed 80 people, the roads have been shut.",
     "incremental", "inc:date", D(2024, 1, 3), D(2024, 1, 3), D(2024, 1, 3)),
    ("The siege began after rebels killed 25 soldiers in an ambush on 9 November.", "incremental", "inc:event",
     D(2023, 11, 9), D(2023, 11, 9), D(2023, 11, 9)),
    # deaths added to a total; a count over a day
    ("Health officials said 125 more people had been killed in continuing strikes.", "incremental",
     "inc:additional", None, None, PUB),
    ("The ministry reported at least 113 deaths over 24 hours of shelling.", "incremental", "inc:overnight",
     D(2024, 2, 6), PUB, PUB),
    # an event in a place, not a running total; a running total's day is the day it was reported
    ("At least 45 people have been killed in what the ministry said was an air strike on the camp.",
     "incremental", "inc:event", None, None, PUB),
    ("At least 110 people have been killed in air strikes on Jabalia, the ministry said.", "incremental",
     "inc:event", None, None, PUB),
    ("More than 18,000 people have been killed in Gaza, the health ministry said on Monday.", "cumulative",
     "cum:perfect", None, D(2024, 2, 5), D(2024, 2, 5)),
    ("More than 15,000 people have died in the war in Gaza, sparked by the attack on Israel on 7 October, the "
     "ministry says.", "cumulative", "cum:campaign", None, PUB, PUB),
    ("Since the 7 October attack, more than 23,000 people have been killed in Gaza.", "cumulative", "cum:since",
     None, PUB, PUB),
    ("Rescuers said the bodies of 150 people had been buried in the courtyard.", "incremental", "inc:event", None,
     None, PUB),
    ("Within seven hours of the fighting resuming, the ministry said more than 60 people had been killed.",
     "incremental", "inc:period", None, None, PUB),
]


@pytest.mark.parametrize(
    ("sentence", "kind", "rule", "start", "end", "report"), KINDS, ids=[k[0][:40] for k in KINDS]
)
def test_kind_and_period(nlp, sentence, kind, rule, start, end, report):
    first = run(nlp, sentence)[0]
    got = (
        first["figure_kind"],
        first["kind_rule"],
        first["period_start"],
        first["period_end"],
        first["report_date"],
    )
    assert got == (kind, rule, start, end, report)


def test_toll_and_daily_in_one_sentence_are_two_kinds(nlp):
    rows = run(
        nlp,
        "The ministry said 30 people were killed in the past 24 hours, bringing the death toll to 27,708.",
    )
    assert [(r["count_best"], r["figure_kind"]) for r in rows] == [(30, "incremental"), (27708, "cumulative")]


VICTIMS = [
    ("Three journalists were killed in the strike.", "journalists"),
    ("Of the 40 hostages still held, at least 10 are dead.", "hostages"),
    ("About 90 hostages remain in captivity, at least 20 of whom are presumed dead.", "hostages"),
    ("At least 10,000 children have been killed, the ministry said.", "children"),
    # nationalities are not subgroups: the all-victims total of a place
    ("More than 500 Palestinians have been killed in the camp.", None),
    ("The number of journalists killed since the war began now stands at 96.", "journalists"),
    ("Four aid workers were killed when their car was hit.", "aid workers"),
    ("Six children were killed in the shelling.", "children"),
    ("At least 18 civilians were killed in the attack.", "civilians"),
    ("Two soldiers were wounded by a roadside bomb.", "soldiers"),
    ("More than 11,500 under-18s have been killed, officials said.", "children"),
    ("The bombing killed 25 people.", None),
]


@pytest.mark.parametrize(("sentence", "group"), VICTIMS, ids=[v[0][:40] for v in VICTIMS])
def test_victim_group(nlp, sentence, group):
    first = run(nlp, sentence)[0]
    rule = f"group:{group.replace(' ', '_')}" if group else None
    assert (first["victim_group"], first["group_rule"]) == (group, rule)


# (sentence, scope, scope_rule, period_start, period_end): partial running totals carry their start;
# historical figures (earlier wars and events) are kept with their own period
SCOPES = [
    ("More than 1,200 people have been killed since the truce collapsed.", "partial", "cum:since_partial", None,
     PUB),
    ("At least 141 people have been killed in strikes since Saturday.", "partial", "cum:since_partial",
     D(2024, 2, 3), PUB),
    ("More than 27,000 people have been killed since 7 October.", "full", None, D(2023, 10, 7), PUB),
    ("During the 2014 war, 2,251 Palestinians were killed.", "historical", "hist:dated", D(2014, 1, 1),
     D(2014, 12, 31)),
    ("The museum remembers the six million Jews murdered in the Holocaust.", "historical", "hist:event", None,
     PUB),
    ("Two years after 30 were killed in the massacre, the village is still empty.", "historical",
     "hist:years_ago", None, None),
    # a running total of one cause of death is part of the war's toll
    ("The ministry says 27 people have died of malnutrition at hospitals in the north.", "partial",
     "partial:cause", None, PUB),
]


@pytest.mark.parametrize(("sentence", "scope", "rule", "start", "end"), SCOPES, ids=[x[0][:40] for x in SCOPES])
def test_scope_and_period(nlp, sentence, scope, rule, start, end):
    first = run(nlp, sentence)[0]
    assert (first["scope"], first["scope_rule"], first["period_start"], first["period_end"]) == (
        scope, rule, start, end)


NOT_FIGURES = [
    "The city of over one million inhabitants mourned those killed in the war.",
    "Dana Ahmed, 40, fears that more people will be killed.",
    "She lives in a tent with her three children, afraid that the bombing will kill them.",
    "A six-week cessation of hostilities could stop the killing.",
    "On Day 124 of the war, the killing continued.",
    "The group paid $5 million to the families of those killed.",
    "Hamas released 24 hostages and Israel freed 39 prisoners during the truce that halted the killing.",
    "Three of her children survived the shelling that wounded their neighbours.",
    "The agency warned about potential civilian casualties.",
    "The campaign's impact extends beyond casualties.",
    "The 2014 war killed many people.",
    "Fighting on 7 October killed many people.",
    "The 12-year-old boy survived the attack that killed many.",
    "Shares shot up 11 points as the unrest spread.",
    "The firm executed two contracts with the army.",
    # seen on the BBC corpus: lives at risk, populations, distances and historical atrocities are not tolls
    "Aid agencies warned that the lives of a million children in the city hang in the balance.",
    "The army must find a way to protect the lives of almost 1.5 million people sheltering there.",
    "Around 700,000 settlers live in the area, which saw two killings last year.",
    "The wounded man was found about 20m (65ft) from the house.",
    "Thousands more are believed to be buried under the rubble, the rescuers who found the dead said.",
    "The navy said it shot down four drones over the sea, and nobody was hurt.",
]


@pytest.mark.parametrize("sentence", NOT_FIGURES, ids=[s[:40] for s in NOT_FIGURES])
def test_not_a_figure(nlp, sentence):
    assert run(nlp, sentence) == []


def test_seed_with_the_reading_model():
    """Given the reading model (senter + NER + entity ruler, no parser), the extractor parses candidate
    sentences with pipeline.nlp.model.load_parser and takes canonical names and ids from the mentions."""
    reader, _ = models()
    rows = extract_article_figures(**article(SEED.read_text(encoding="utf-8"), article_id="seed"), nlp=reader)
    assert [(r["count_best"], r["claimant_name"], r["location_name"]) for r in rows] == [
        (100, "Gaza Ministry of Health", "Gaza"),
        (27585, "Gaza Ministry of Health", "Gaza"),
        (10, "Syrian Observatory for Human Rights", "Homs"),
    ]
    assert all(r["claimant_entity_id"] and r["location_entity_id"] for r in rows)


def test_is_candidate():
    assert is_candidate("Overnight, the health ministry reported over 100 fatalities.")
    assert is_candidate("Israeli airstrikes in Homs claimed ten lives.")
    assert not is_candidate("Israel War-Day 124: Efforts for Ceasefire Intensify")
    assert not is_candidate("Blinken met Netanyahu in Jerusalem on Wednesday.")


def test_rules_only_without_nlp():
    body = "At least 12 people were killed in the blast."
    sents = [{"sentence_idx": 0, "start_char": 0, "end_char": len(body), "text": body}]
    rows = extract_article_figures(
        article_id="t", body=body, published_date=PUB, sentences=sents, mentions=[], nlp=None
    )
    assert [(r["casualty_type"], r["count_best"], r["figure_text"]) for r in rows] == [
        ("killed", 12, "At least 12")
    ]


def test_soft_hyphen_keeps_body_offsets(nlp):
    body = "At least 12 people were kil\xadled in the blast."
    rows = run(nlp, body)
    assert [(r["count_best"], body[r["start_char"] : r["end_char"]]) for r in rows] == [(12, "At least 12")]


def test_parser_runs_no_ner():
    parser = load_parser(settings.spacy_model())
    assert tuple(parser.pipe_names) == tuple(n for n in PARSER_COMPONENTS if n in parser.component_names)
    assert "ner" not in parser.pipe_names and settings.spacy_model() == settings.DEFAULT_SPACY_MODEL


def test_batch_equals_articles_one_by_one(nlp):
    """extract_batch parses all candidate sentences of a batch in one pipe call; the rows are those of the
    articles read one by one, and the row carries published_date."""
    bodies = [
        "Militants killed seven farmers near the river on Monday.",
        "No one was hurt. The blast killed 4 people in Rafah, the health ministry in Gaza said.",
        "The talks resumed in Cairo.",
    ]
    articles = [article(b, article_id=f"a{i}") for i, b in enumerate(bodies)]
    batch = extract_batch(articles, nlp[1])
    one_by_one = [row for a in articles for row in extract_batch([a], nlp[1])]
    assert batch == one_by_one
    assert pick(batch, "article_id", "count_best", "report_date", "published_date", "location_name") == [
        ("a0", 7, D(2024, 2, 5), PUB, None),
        ("a1", 4, PUB, PUB, "Rafah"),
    ]


def test_entities_come_from_the_mentions(nlp):
    """The parser does not run NER: a DATE the entity layer found makes '7 October' no count, and a place
    it found (not the model) places the figure."""
    body = "Five people were killed in Qastina on 7 October."
    a = article(body)
    start = body.index("Qastina")
    a["mentions"] = [m for m in a["mentions"] if m["label"] not in ("GPE", "LOC", "PERSON", "ORG")] + [
        {"article_id": "t", "start_char": start, "end_char": start + 7, "label": "GPE", "text": "Qastina",
         "entity_id": "e-qastina", "entity_name": "Qastina", "sentence_idx": 0}]
    rows = extract_batch([a], nlp[1])
    assert pick(rows, "count_best", "location_name", "location_entity_id", "report_date") == [
        (5, "Qastina", "e-qastina", D(2023, 10, 7))]


def test_small_total_beside_the_claimants_war_total_is_part_of_it(nlp):
    """One source states one war-to-date total per article: a 'running total' read from aspect alone, far
    under the same claimant's total, counts part of the war; its sub-count follows it."""
    rows = run(nlp, "The health ministry in Gaza says more than 30,000 people have been killed in the war. "
                    "It said 40 people had been killed in the camp, including 14 children.")
    assert pick(rows, "count_best", "figure_kind", "kind_rule", "victim_group", "claimant_name") == [
        (30000, "cumulative", "cum:campaign", None, "Gaza Ministry of Health"),
        (40, "incremental", "inc:below_total", None, "Gaza Ministry of Health"),
        (14, "incremental", "inc:below_total", "children", "Gaza Ministry of Health"),
    ]


@pytest.mark.parametrize(("body", "figure", "scope", "rule"), [
    ("A temporary ceasefire expired at dawn. Since then, 178 people have been killed, the ministry says.", "178",
     "partial", "cum:since_then_partial"),
    ("Talks resumed in Cairo at dawn. Since then, 178 people have been killed, the ministry says.", "178", "full",
     None),
    ("The health ministry in Gaza says more than 38,000 people have been killed in the war. On Monday, it said the "
     "death toll in the camp had risen to 22.", "22", "partial", "partial:below_total"),
])
def test_partial_totals_read_from_the_article(nlp, body, figure, scope, rule):
    row = next(r for r in run(nlp, body) if r["figure_text"] == figure)
    assert (row["figure_kind"], row["scope"], row["scope_rule"]) == ("cumulative", scope, rule)
