"""Number expressions: digits, words, multipliers, vague amounts, hedges, ranges (no model needed)."""

import pytest

from pipeline.casualties.numbers import find_numbers

# (text, [(matched text, low, best, high, hedge)])
CASES = [
    ("at least 27,585 casualties", [("at least 27,585", 27585, 27585, None, "at_least")]),
    ("over 100 fatalities", [("over 100", 100, 100, None, "over")]),
    ("more than 1,000 people", [("more than 1,000", 1000, 1000, None, "over")]),
    ("claimed ten lives", [("ten", 10, 10, 10, "exact")]),
    ("forty-four people", [("forty-four", 44, 44, 44, "exact")]),
    ("one hundred and twenty people", [("one hundred and twenty", 120, 120, 120, "exact")]),
    ("a dozen people", [("a dozen", 12, 12, 12, "exact")]),
    ("two dozen people", [("two dozen", 24, 24, 24, "exact")]),
    ("a hundred people", [("a hundred", 100, 100, 100, "exact")]),
    ("dozens of people", [("dozens", 12, 12, None, "vague:dozens")]),
    ("hundreds of people", [("hundreds", 100, 100, None, "vague:hundreds")]),
    ("tens of thousands of people", [("tens of thousands", 10000, 10000, None, "vague:tens_of_thousands")]),
    ("scores of people", [("scores", 20, 20, None, "vague:scores")]),
    ("nearly 300 people", [("nearly 300", None, 300, 300, "nearly")]),
    ("up to 20 people", [("up to 20", None, 20, 20, "up_to")]),
    ("some 40 people", [("some 40", None, 40, None, "about")]),
    ("about 1.2 million people", [("about 1.2 million", None, 1200000, None, "about")]),
    ("between 20 and 30 people", [("between 20 and 30", 20, 20, 30, "range")]),
    ("20 to 30 people", [("20 to 30", 20, 20, 30, "range")]),
    ("at 6.30am", []),
    # a stray space after the thousands comma is one number; a list of numbers is not
    ("killing 28, 576 people", [("28, 576", 28576, 28576, 28576, "exact")]),
    ("aged 12, 14 and 15", [("12", 12, 12, 12, "exact"), ("14", 14, 14, 14, "exact"), ("15", 15, 15, 15, "exact")]),
    ("counts of 120, 150 and 200", [("120", 120, 120, 120, "exact"), ("150", 150, 150, 150, "exact"),
                                    ("200", 200, 200, 200, "exact")]),
    # 'surpassed / exceeded / eclipsed / topped / passed N' is 'over N'
    ("has surpassed 30,000", [("surpassed 30,000", 30000, 30000, None, "over")]),
    ("exceeded 900", [("exceeded 900", 900, 900, None, "over")]),
    ("eclipsed 12,000", [("eclipsed 12,000", 12000, 12000, None, "over")]),
    ("topped 2,500", [("topped 2,500", 2500, 2500, None, "over")]),
    ("passed 700", [("passed 700", 700, 700, None, "over")]),
    ("Covid-19 and F-16", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_find_numbers(text, expected):
    got = [(text[n.start : n.end], n.low, n.best, n.high, n.hedge) for n in find_numbers(text)]
    assert got == expected
