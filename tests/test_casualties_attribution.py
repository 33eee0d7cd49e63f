"""Claimants and places: one invented passage per rule. Claimants are actors (an organisation, a body, a
person, a government), named once by the entity layer; places are where it happened."""

from __future__ import annotations

import datetime as dt

import pytest
from casualty_text import PUB, pick, run

# (passage, figure, claimant_text, claimant_name, claimant_rule); the figure is the last one of the passage
CLAIMANTS = [
    ("According to the Red Crescent, 18 people were killed in the town.", "18", "the Red Crescent", "Red Crescent",
     "claim:according_to"),
    ("At least 40 people were killed in the strikes, the Hamas-run health ministry said.", "At least 40",
     "the Hamas-run health ministry", "Gaza Ministry of Health", "claim:verb:say"),
    ("Strikes on Idlib killed 6 civilians, the Syrian Observatory said.", "6", "the Syrian Observatory",
     "Syrian Observatory for Human Rights", "claim:verb:say"),
    # generic bodies are named from their qualifier, or from the article
    ("Israeli troops entered the town at dawn. The army said four soldiers were killed in the clashes.", "four",
     "The army", "Israel Defense Forces", "claim:verb:say|actor:military"),
    ("Israeli officials said 12 people were killed in the rocket attack on Ashkelon.", "12", "Israeli officials",
     "Israeli officials", "claim:verb:say|actor:officials"),
    ("Officials in Gaza said 15 people were killed in the strike.", "15", "Officials in Gaza", "Gaza officials",
     "claim:verb:say|actor:officials"),
    ("Palestinian health officials said 20 people were killed in Gaza City.", "20", "Palestinian health officials",
     "Gaza Ministry of Health", "claim:verb:say|actor:health"),
    ("A spokesman for the Red Crescent said nine people were killed.", "nine", "A spokesman for the Red Crescent",
     "Red Crescent", "claim:verb:say:owner"),
    ("An IDF spokesman said three soldiers were wounded in Khan Younis.", "three", "An IDF spokesman",
     "Israel Defense Forces", "claim:verb:say:owner"),
    ("The UN humanitarian office published its report. The agency said 15 aid workers were killed.", "15",
     "The agency", "OCHA", "claim:verb:say|actor:organisation"),
    # one place names health ministries: a Palestinian ministry reporting a West Bank toll is not Gaza's
    ("Fighting went on in Gaza. Eleven Palestinians were killed in Jenin in the West Bank, the Palestinian health "
     "ministry said.", "Eleven", "the Palestinian health ministry", "Palestinian Ministry of Health (West Bank)",
     "claim:verb:say"),
    ("Israeli troops raided Jenin at dawn. Eleven Palestinians have been killed in the city, the Palestinian "
     "health ministry says.", "Eleven", "the Palestinian health ministry", "Palestinian Ministry of Health (West Bank)",
     "claim:verb:say"),
    # never the article, a nationality or a pronoun
    ("This article wrongly reported that 40 people were killed in the blast.", "40", None, None, None),
    ("The health ministry in Gaza issued new figures on Monday. It said 50 people had been killed overnight.", "50",
     "health ministry in Gaza", "Gaza Ministry of Health", "claim:verb:say:pronoun"),
    ("Gaza's health ministry, which said 70 people were killed, asked for fuel.", "70", "Gaza's health ministry",
     "Gaza Ministry of Health", "claim:verb:say:relative"),
    # the phrase a subjectless speech verb, a source noun or a nationality of figures points at
    ("More than 30,000 have been killed in the offensive in Gaza, the Hamas-run health ministry there says, the "
     "majority of them civilians.", "More than 30,000", "the Hamas-run health ministry", "Gaza Ministry of Health",
     "claim:verb_left:say"),
    ("The health ministry in Gaza issued a statement, saying 30 people had been killed in Rafah.", "30",
     "The health ministry in Gaza", "Gaza Ministry of Health", "claim:participle:say"),
    ("According to figures from the Hamas-run health ministry, 500 people have died in Khan Younis.", "500",
     "the Hamas-run health ministry", "Gaza Ministry of Health", "claim:according_to:source"),
    ("Hamas gunmen attacked Israeli towns on 7 October, killing 1,200 people, according to Israeli tallies.",
     "1,200", "Israeli tallies", "Israel", "claim:according_to:source"),
    # a background clause takes no claimant from outside it; a figure of its own does
    ("The attack that left 1,200 Israelis dead triggered a war that has killed at least 11,470 Palestinians, "
     "according to the Gaza health ministry.", "1,200", None, None, None),
    ("The attack that left 1,200 Israelis dead triggered a war that has killed at least 11,470 Palestinians, "
     "according to the Gaza health ministry.", "at least 11,470", "the Gaza health ministry",
     "Gaza Ministry of Health", "claim:according_to"),
    ("The bombardment of Gaza, which has killed more than 24,000 people, according to the Hamas-run health "
     "ministry, goes on.", "more than 24,000", "the Hamas-run health ministry", "Gaza Ministry of Health",
     "claim:according_to"),
    # the claimant carries to the next sentence only when it continues the same report
    ("The health ministry in Gaza said 40 people were killed on Monday. Of the dead, 12 were children.", "12",
     "The health ministry in Gaza", "Gaza Ministry of Health", "claim:continued"),
    ("The health ministry in Gaza said 40 people were killed on Monday. Separately, five people died in a road "
     "accident near Rafah.", "five", None, None, None),
    # another statement's claimant is not the figure's
    ("The toll in Israel has reached 1,200, officials say, while Palestinian health officials say 900 people "
     "have died in Gaza.", "1,200", "officials", "officials", "claim:verb:say|actor:officials"),
    ("The toll in Israel has reached 1,200, officials say, while Palestinian health officials say 900 people "
     "have died in Gaza.", "900", "Palestinian health officials", "Gaza Ministry of Health",
     "claim:verb:say|actor:health"),
    # 'claimed ten lives' is no attribution
    ("Israeli airstrikes in Homs claimed ten lives.", "ten", None, None, None),
]


@pytest.mark.parametrize(("passage", "figure", "text", "name", "rule"), CLAIMANTS,
                         ids=[f"{c[0][:50]}|{c[1]}" for c in CLAIMANTS])
def test_claimant(passage, figure, text, name, rule):
    row = next(r for r in run(passage) if r["figure_text"] == figure)
    assert (row["claimant_text"], row["claimant_name"], row["claimant_rule"]) == (text, name, rule)


def test_claimant_entity_is_the_mentions_entity():
    rows = run("According to the Hamas-run health ministry, 500 people have died in Gaza.")
    assert rows[0]["claimant_entity_id"] is not None and len(rows[0]["claimant_entity_id"]) == 16


# (passage, figure, location_name, location_rule)
PLACES = [
    ("In Syria, an air strike on Damascus killed 11 people.", "11", "Damascus", "place:clause"),
    ("Israel's offensive in Gaza has killed 20,000 people.", "20,000", "Gaza", "place:clause"),
    ("Troops raided Jenin on Tuesday, killing nine people.", "nine", "Jenin", "place:event"),
    ("Gunmen attacked Lebanese villages on Friday, killing two people.", "two", "Lebanon", "place:target_demonym"),
    # a known event (rules/events.json): its place, whatever the article is about
    ("Hamas gunmen attacked Israeli towns on 7 October, killing 1,200 people.", "1,200", "Israel",
     "event:7_october"),
    ("The 7 October attack, in which gunmen killed 1,200 people, started the war.", "1,200", "Israel",
     "event:7_october"),
    # beside a country is outside it: no place rather than the wrong one
    ("Gunmen killed three people in communities near the Gaza Strip on Monday.", "three", None, None),
    # 'there' after a place inside a longer name
    ("The health ministry in Gaza said 50 people were killed there.", "50", "Gaza", "place:anaphora"),
    ("A strike on a clinic in Rafah on 2 January, which killed eight people, was condemned.", "eight", "Rafah",
     "place:event"),
    ("The ministry in Gaza says 9,000 people have been killed there since Israel launched its campaign.", "9,000",
     "Gaza", "place:anaphora"),
    ("At least 40 people were killed, the Hamas-run health ministry said.", "At least 40", "Gaza",
     "place:claimant_home"),
    ("Clashes broke out in Nablus on Monday. Later, three more men were shot dead.", "three", "Nablus",
     "place:earlier_sentence"),
    ("More than 11,000 people have been killed in Gaza since the group killed 1,200 people in Israel.",
     "More than 11,000", "Gaza", "place:clause"),
    ("More than 11,000 people have been killed in Gaza since the group killed 1,200 people in Israel.", "1,200",
     "Israel", "place:clause"),
]


@pytest.mark.parametrize(("passage", "figure", "name", "rule"), PLACES, ids=[f"{p[0][:50]}|{p[1]}" for p in PLACES])
def test_place(passage, figure, name, rule):
    row = next(r for r in run(passage) if r["figure_text"] == figure)
    assert (row["location_name"], row["location_rule"]) == (name, rule)


# (passage, published, figure, (location_rule, kind_rule, report_date, scope))
KNOWN_EVENTS = [
    # no day in the text: the event's day
    ("When Hamas attacked communities near the border, gunmen killed about 1,200 people.", PUB, "about 1,200",
     ("event:7_october", "event:7_october", dt.date(2023, 10, 7), "full")),
    # 'on 7 October' read more than a year later is still the event's day, and history by then
    ("Hamas gunmen attacked Israeli towns on 7 October, killing 1,200 people.", dt.date(2025, 3, 1), "1,200",
     ("event:7_october", "event:7_october", dt.date(2023, 10, 7), "historical")),
    # an article from before the event cannot name it
    ("When Hamas attacked communities near the border, gunmen killed about 1,200 people.", dt.date(2023, 10, 1),
     "about 1,200", (None, "inc:event", dt.date(2023, 10, 1), "full")),
]


@pytest.mark.parametrize(("passage", "published", "figure", "expected"), KNOWN_EVENTS,
                         ids=[f"{e[0][:40]}|{e[1]}" for e in KNOWN_EVENTS])
def test_known_event(passage, published, figure, expected):
    row = next(r for r in run(passage, published) if r["figure_text"] == figure)
    assert (row["location_rule"], row["kind_rule"], row["report_date"], row["scope"]) == expected


def test_place_is_linked_to_its_entity():
    rows = run("Five people were killed in Khan Yunis on Monday.")
    assert pick(rows, "location_text", "location_name") == [("Khan Yunis", "Khan Younis")]
    assert rows[0]["location_entity_id"] is not None
