"""Find an article's publication date and say how it was found (metadata / path / text / ingest)."""

import datetime as dt
import re

import dateparser

_PATH_DATE = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)[-/_.]?(0[1-9]|1[0-2])[-/_.]?(0[1-9]|[12]\d|3[01])(?!\d)")
_MONTHS = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# Explicit dates only ("7 February 2024", "Feb. 7, 2024", "2024-02-07"): weekday names in the text are
# relative to a date we do not know yet, so they never date the article.
_TEXT_DATE = re.compile(
    rf"\b(\d{{1,2}} {_MONTHS},? \d{{4}}|{_MONTHS} \d{{1,2}},? \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b", re.I)
_DATEPARSER_SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"]}


class InvalidDate(ValueError):
    """Metadata carries a date we cannot read."""


def parse_metadata_date(value: object) -> dt.date:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # Unix seconds (or milliseconds, which are too large to be seconds before the year 5000).
        seconds = value / 1000 if value > 1e11 else value
        return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).date()
    if not isinstance(value, str) or not value.strip():
        raise InvalidDate(f"not a date: {value!r}")
    text = value.strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    parsed = dateparser.parse(text, languages=["en"], settings=_DATEPARSER_SETTINGS)
    if parsed is None:
        raise InvalidDate(f"cannot read date {text!r}")
    return parsed.date()


def date_from_path(path: str) -> dt.date | None:
    for match in _PATH_DATE.finditer(path):
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            continue
    return None


def date_from_text(text: str, head_chars: int = 400) -> dt.date | None:
    match = _TEXT_DATE.search(text[:head_chars])
    if not match:
        return None
    parsed = dateparser.parse(match[0], languages=["en"], settings=_DATEPARSER_SETTINGS)
    return parsed.date() if parsed else None


def resolve_published_date(metadata_value: object, path: str, text: str,
                           ingest_date: dt.date) -> tuple[dt.date, str]:
    """(date, date_source). Raises InvalidDate when metadata is present but unreadable: a wrong date
    is worse than a quarantined article."""
    if metadata_value not in (None, ""):
        return parse_metadata_date(metadata_value), "metadata"
    if found := date_from_path(path):
        return found, "path"
    if found := date_from_text(text):
        return found, "text"
    return ingest_date, "ingest"
