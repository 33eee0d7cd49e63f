"""One raw record in, one parsed article or one quarantine reason out. Pure: no I/O, no database."""

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass

import py3langid
import trafilatura

from pipeline.ingest.cleaning import clean_article
from pipeline.ingest.dates import InvalidDate, resolve_published_date

# Every reason a record can be quarantined for. The GX suite for rejected_articles checks against it.
REJECTION_REASONS = {
    "empty": "the file or record holds no text",
    "binary": "binary data, not text",
    "undecodable": "bytes that decode in no known text encoding",
    "too_large": "over the configured size limit (PIPELINE_MAX_RECORD_BYTES)",
    "unreadable": "the file could not be read (permissions, broken or looping symlink, vanished)",
    "unsupported_format": "no reader for this file type",
    "malformed_json": "not valid JSON (truncated, bad syntax, nested too deeply)",
    "not_an_object": "JSON that is not an object describing one article",
    "no_text_field": "JSON with no text/body/content field",
    "invalid_field_type": "a JSON field of the wrong type (e.g. a number or list as the text)",
    "no_article_text": "nothing left after extraction and cleaning (e.g. HTML with no article)",
    "invalid_date": "a publication date in the metadata that cannot be read",
    "future_date": "a publication date after the day of ingestion",
    "duplicate": "the same article (same cleaned body) is already in parsed_articles",
    "near_duplicate": "an article that differs only slightly from one already in parsed_articles",
    "parse_error": "the parser failed on this record (an input it does not handle): the error is in detail",
}

FIELD_ALIASES = {
    "text": ("text", "body", "content", "article", "story", "full_text", "fulltext", "article_text"),
    "title": ("title", "headline", "heading", "name"),
    "published_at": ("published_at", "published", "date", "pubdate", "pub_date", "publication_date",
                     "published_date", "datetime", "timestamp", "created_at"),
    "id": ("id", "article_id", "guid", "uuid", "doc_id", "docid"),
    "url": ("url", "link", "href", "canonical_url"),
    "source": ("source", "publisher", "outlet", "site", "sitename", "feed"),
}
_WORD = re.compile(r"\w+")
MIN_HTML_WORDS = 12


class Rejected(Exception):
    def __init__(self, reason: str, detail: str):
        assert reason in REJECTION_REASONS, reason
        super().__init__(f"{reason}: {detail}")
        self.reason, self.detail = reason, detail


@dataclass(frozen=True)
class Fields:
    text: str
    title: str | None = None
    published_at: object = None
    external_id: str | None = None
    url: str | None = None
    source: str | None = None


def content_key(body: str) -> str:
    """Stable article id: the hash of the body's words, so re-wrapped or re-spaced copies collide."""
    return hashlib.sha1(" ".join(_WORD.findall(body.casefold())).encode()).hexdigest()[:16]


def lead_key(body: str, n_words: int = 40) -> str:
    """Blocking key for near-duplicate search: the first words of the body."""
    return hashlib.sha1(" ".join(_WORD.findall(body.casefold())[:n_words]).encode()).hexdigest()[:16]


def _pick(obj: dict, field: str) -> object:
    for key in FIELD_ALIASES[field]:
        for candidate in (key, key.capitalize(), key.upper()):
            if obj.get(candidate) not in (None, ""):
                return obj[candidate]
    return None


def _optional_str(obj: dict, field: str) -> str | None:
    value = _pick(obj, field)
    if isinstance(value, dict) and isinstance(value.get("name"), str):  # e.g. {"source": {"name": "BBC"}}
        value = value["name"]
    if value is None or isinstance(value, str):
        return value
    if field == "id" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise Rejected("invalid_field_type", f"'{field}' should be text, got {type(value).__name__}")


def fields_from_json(content: str) -> Fields:
    try:
        obj = json.loads(content)
    except RecursionError:
        raise Rejected("malformed_json", "JSON nested too deeply") from None
    except ValueError as exc:
        raise Rejected("malformed_json", str(exc)) from None
    if not isinstance(obj, dict):
        raise Rejected("not_an_object", f"JSON {type(obj).__name__}, expected an object")
    text = _pick(obj, "text")
    if text is None:
        raise Rejected("no_text_field", f"fields present: {sorted(obj)[:12]}")
    if not isinstance(text, str):
        raise Rejected("invalid_field_type", f"'text' should be text, got {type(text).__name__}")
    published = _pick(obj, "published_at")
    if published is not None and not isinstance(published, (str, int, float)):
        raise Rejected("invalid_field_type", f"'published_at' has type {type(published).__name__}")
    return Fields(text, _optional_str(obj, "title"), published, _optional_str(obj, "id"),
                  _optional_str(obj, "url"), _optional_str(obj, "source"))


def fields_from_html(content: str) -> Fields:
    doc = trafilatura.bare_extraction(content, with_metadata=True, include_comments=False, favor_precision=True)
    # trafilatura falls back to whatever text a page has (menus, footers): demand at least a sentence.
    text = (doc.text or "") if doc else ""
    if len(text.split()) < MIN_HTML_WORDS or not re.search(r"[.!?]", text):
        raise Rejected("no_article_text", f"no article text found in the HTML ({len(text.split())} words)")
    return Fields(doc.text, doc.title, doc.date, None, doc.url, doc.sitename)


def fields_from_txt(content: str, sidecar: str | None) -> Fields:
    meta: dict = {}
    if sidecar:
        try:
            meta = json.loads(sidecar)
        except ValueError as exc:
            raise Rejected("malformed_json", f"sidecar: {exc}") from None
        if not isinstance(meta, dict):
            raise Rejected("not_an_object", "sidecar JSON is not an object")
    return Fields(content, _optional_str(meta, "title"), _pick(meta, "published_at"), _optional_str(meta, "id"),
                  _optional_str(meta, "url"), _optional_str(meta, "source"))


def detect_language(body: str) -> str:
    return py3langid.classify(body[:2000])[0]


def parse_record(raw: dict, today: dt.date) -> dict:
    """Turn a raw_articles row into a parsed_articles row, or raise Rejected."""
    if raw["read_error"]:
        raise Rejected(raw["read_error"], raw["error_detail"] or raw["read_error"])
    content, fmt = raw["content"], raw["format"]
    if fmt in ("json", "jsonl"):
        fields = fields_from_json(content)
    elif fmt == "html":
        fields = fields_from_html(content)
    else:
        fields = fields_from_txt(content, raw.get("sidecar"))
    title, body = clean_article(fields.text, fields.title, title_from_first_line=fmt == "txt")
    if not body:
        raise Rejected("no_article_text", "the body is empty after cleaning")
    try:
        published, date_source = resolve_published_date(fields.published_at, raw["source_path"], body,
                                                        raw["ingest_date"])
    except InvalidDate as exc:
        raise Rejected("invalid_date", str(exc)) from None
    if published > today:
        raise Rejected("future_date", f"published {published.isoformat()} is after {today.isoformat()}")
    return {
        "article_id": content_key(body),
        "raw_id": raw["raw_id"],
        "ingest_date": raw["ingest_date"],
        "external_id": fields.external_id,
        "title": title,
        "published_date": published,
        "date_source": date_source,
        "source": fields.source,
        "url": fields.url,
        "body": body,
        "n_paragraphs": body.count("\n\n") + 1,
        "n_words": len(body.split()),
        "language": detect_language(body),
        "lead_key": lead_key(body),
    }
