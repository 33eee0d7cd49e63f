"""Cleaning: one line per kind of furniture, with the exact text that must come out."""

import pytest

from conftest import SEED_TEXT
from pipeline.ingest.cleaning import clean_article, normalise_text, split_paragraphs

SEED_TITLE = "US Pushes for Gaza Ceasefire Blinken Meets Israeli PM for Talks"


def test_seed_title_once_and_body_bounds():
    title, body = clean_article(SEED_TEXT, title_from_first_line=True)
    assert title == SEED_TITLE
    assert body.startswith("US Secretary of State Antony Blinken met")
    assert body.endswith("according to the Syrian Observatory for Human Rights.")
    assert SEED_TITLE not in body
    for furniture in ("Read More", "Israel War-Day 124", "Join NewsTrack", "Related News", "Sheryl Sandberg"):
        assert furniture not in body
    assert body.count("\n\n") + 1 == 13


@pytest.mark.parametrize("raw, expected", [
    ("Gaza health minis\u00adtry said", "Gaza health ministry said"),            # soft hyphen
    ("Israel &amp; Hamas &quot;talks&quot;", 'Israel & Hamas "talks"'),          # HTML entities
    ("The ministryâ€™s figures", "The ministry’s figures"),                     # mojibake (UTF-8 read as cp1252)
    ("zero\u200bwidth", "zerowidth"),                                             # zero-width space
    ("end of wire&#3;", "end of wire"),                                           # control char entity
    ("a\x00b\x0bc\x1fd\x7fe\tf\ng\u00a0h", "abcde\tf\ng\u00a0h"),                # controls go; tab, newline stay
])
def test_normalise_text(raw, expected):
    assert normalise_text(raw) == expected


@pytest.mark.parametrize("furniture", [
    "Copyright 2024 The Example Times", "Section: World; Page A1", "Length: 512 words", "Byline: Jane Doe",
    "Load-Date: February 8, 2024", "Join our Telegram channel", "Language: ENGLISH", "End of Document",
])
def test_wire_headers_and_footers_removed(furniture):
    _, body = clean_article(f"{furniture}\n\nFirst real paragraph.\n\n{furniture}\n\nSecond paragraph.")
    assert body == "First real paragraph.\n\nSecond paragraph."


@pytest.mark.parametrize("marker", ["Read More:", "Related News", "Related Articles", "See also", "Also read:"])
def test_trailing_related_block_cut(marker):
    _, body = clean_article(f"The article.\n\n{marker}\n\nSome other headline\n\nAnother headline")
    assert body == "The article."


def test_wire_copy_paragraphs_by_indentation():
    lines = ["Showers continued in", "the zone, officials said.", "    The dry period means", "late harvests."]
    assert split_paragraphs(lines) == ["Showers continued in the zone, officials said.",
                                       "The dry period means late harvests."]


def test_title_given_and_repeated_at_top_of_body():
    title, body = clean_article("Strike kills five\nStrike kills five\n\nFive people died.", title="Strike kills five")
    assert (title, body) == ("Strike kills five", "Five people died.")
