"""Parsing one raw record: each input shape, each quarantine reason, dates and ids."""

import datetime as dt
import json

import pytest

from pipeline.ingest.dates import date_from_path, date_from_text, resolve_published_date
from pipeline.ingest.parse import REJECTION_REASONS, Rejected, content_key, parse_record

TODAY = dt.date(2026, 11, 25)
TEXT = "Two people were injured in a fire on Monday, the fire service said."


def raw(content, fmt="json", sidecar=None, read_error=None, path="inbox/a.json"):
    return {"raw_id": "r1", "ingest_date": TODAY, "source_path": path, "record_no": 0, "format": fmt,
            "content": content, "sidecar": sidecar, "read_error": read_error, "error_detail": None}


def test_json_with_aliases():
    article = parse_record(raw(json.dumps({"headline": "Fire", "body": TEXT, "date": "2024-03-04",
                                           "link": "http://x/1", "publisher": {"name": "Example"}, "id": 42})), TODAY)
    assert (article["title"], article["body"], article["published_date"], article["date_source"]) == (
        "Fire", TEXT, dt.date(2024, 3, 4), "metadata")
    assert (article["url"], article["source"], article["external_id"], article["language"]) == (
        "http://x/1", "Example", "42", "en")
    assert (article["n_paragraphs"], article["n_words"]) == (1, 13)
    assert article["article_id"] == content_key(TEXT) and len(article["article_id"]) == 16


def test_txt_with_sidecar():
    article = parse_record(raw(f"Fire in town\n\n{TEXT}", "txt", sidecar='{"published_at": "2024-03-05", '
                               '"source": "Example"}', path="inbox/a.txt"), TODAY)
    assert (article["title"], article["body"], article["published_date"], article["source"]) == (
        "Fire in town", TEXT, dt.date(2024, 3, 5), "Example")


def test_html_article():
    html = ("<html><head><title>Fire in town</title><meta property='article:published_time' "
            "content='2024-03-06T08:00:00Z'></head><body><nav>Home | News</nav><article><h1>Fire in town</h1>"
            f"<p>{TEXT} The blaze started in a warehouse near the station and spread quickly.</p></article>"
            "</body></html>")
    article = parse_record(raw(html, "html", path="inbox/a.html"), TODAY)
    assert article["title"] == "Fire in town"
    assert article["body"] == TEXT + " The blaze started in a warehouse near the station and spread quickly."
    assert (article["published_date"], article["date_source"]) == (dt.date(2024, 3, 6), "metadata")


@pytest.mark.parametrize("record, reason", [
    (raw(None, read_error="binary"), "binary"),
    (raw('{"title": "x", "text": "trunc'), "malformed_json"),
    (raw("[" * 50_000 + "]" * 50_000), "malformed_json"),
    (raw('["a", "b"]'), "not_an_object"),
    (raw('{"title": "no body here"}'), "no_text_field"),
    (raw('{"text": ["a", "list"]}'), "invalid_field_type"),
    (raw('{"text": "ok text", "title": 7}'), "invalid_field_type"),
    (raw('{"text": "ok text", "published_at": {"y": 2024}}'), "invalid_field_type"),
    (raw('{"text": "   \\n  "}'), "no_article_text"),
    (raw("<html><body><nav>Home</nav></body></html>", "html"), "no_article_text"),
    (raw(json.dumps({"text": TEXT, "date": "not a date"})), "invalid_date"),
    (raw(json.dumps({"text": TEXT, "date": "2999-01-01"})), "future_date"),
    (raw("Title\n\nBody", "txt", sidecar="{not json"), "malformed_json"),
])
def test_quarantine_reasons(record, reason):
    with pytest.raises(Rejected) as caught:
        parse_record(record, TODAY)
    assert caught.value.reason == reason
    assert reason in REJECTION_REASONS


@pytest.mark.parametrize("record", [
    raw(json.dumps({"title": "Strike kills 12 in port city", "text": "Strike kills 12 in port city"})),
    raw(json.dumps({"headline": "Strike kills 12 in port city", "body": "  Strike kills 12 in port city\n"})),
    raw("Strike kills 12 in port city\n", "txt", path="inbox/a.txt"),
])
def test_headline_only_record_is_read_as_text(record):
    """A record whose text is only its headline (headline feeds, RSS items) is an article, not no_article_text."""
    article = parse_record(record, TODAY)
    assert (article["title"], article["body"], article["n_words"]) == (
        "Strike kills 12 in port city", "Strike kills 12 in port city", 6)


def test_title_with_only_page_furniture_is_still_rejected():
    with pytest.raises(Rejected) as caught:
        parse_record(raw(json.dumps({"title": "Fire", "text": "Copyright 2024 Example News"})), TODAY)
    assert caught.value.reason == "no_article_text"


@pytest.mark.parametrize("path, expected", [
    ("news/2024/02/07/story.txt", dt.date(2024, 2, 7)),
    ("news/20240207-story.txt", dt.date(2024, 2, 7)),
    ("news/2024-13-45-story.txt", None),
    ("news/story.txt", None),
])
def test_date_from_path(path, expected):
    assert date_from_path(path) == expected


@pytest.mark.parametrize("text, expected", [
    ("JERUSALEM, Feb. 7, 2024 - Talks resumed.", dt.date(2024, 2, 7)),
    ("Published 7 February 2024. Talks resumed.", dt.date(2024, 2, 7)),
    ("Talks resumed on Wednesday.", None),
])
def test_date_from_text(text, expected):
    assert date_from_text(text) == expected


def test_date_sources_in_order_of_trust():
    assert resolve_published_date(1707264000, "a/2023/01/01/x", "", TODAY) == (dt.date(2024, 2, 7), "metadata")
    assert resolve_published_date(None, "a/2023/01/01/x", "Feb 7, 2024", TODAY) == (dt.date(2023, 1, 1), "path")
    assert resolve_published_date(None, "a/x", "Feb 7, 2024", TODAY) == (dt.date(2024, 2, 7), "text")
    assert resolve_published_date(None, "a/x", "no date", TODAY) == (TODAY, "ingest")


def test_content_key_ignores_spacing_and_case():
    assert content_key("Five  people\n\ndied.") == content_key("five people died")
    assert content_key("Five people died.") != content_key("Six people died.")


def test_a_record_the_parser_fails_on_is_quarantined_with_the_error(monkeypatch):
    from pipeline.ingest import parse
    from pipeline.steps.parse import parse_or_reject

    raw = {"raw_id": "r1", "ingest_date": dt.date(2024, 2, 7), "source_path": "inbox/a.jsonl", "record_no": 3,
           "format": "json", "content": json.dumps({"text": "Ten people were killed."}), "sidecar": None,
           "read_error": None, "error_detail": None}

    def broken(raw, today):
        raise ValueError("unexpected markup")

    monkeypatch.setattr(parse, "parse_record", broken)
    assert parse_or_reject(raw, dt.date(2024, 2, 8)) == (None, {
        "raw_id": "r1", "ingest_date": dt.date(2024, 2, 7), "source_path": "inbox/a.jsonl", "record_no": 3,
        "reason": "parse_error", "detail": "ValueError: unexpected markup", "duplicate_of": None})
    assert "parse_error" in parse.REJECTION_REASONS
