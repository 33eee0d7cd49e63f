"""Reject numbers that are not casualty counts: dates, ages, units, money, history, survivors."""

from __future__ import annotations

import re

from .numbers import NumberExpr
from .rules import Rules

_NON_CASUALTY_LABELS = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"}
_DATE_WORD = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|"
    r"\b(?:year|month|week|day|hour|minute|decade|century|ago|am|pm)s?\b|\b(?:19|20)\d\d\b|:\d\d",
    re.IGNORECASE,
)
_MONTH_BEFORE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*$", re.IGNORECASE
)


def reject_reason(
    text: str, expr: NumberExpr, rules: Rules, doc=None, entity_spans: list[tuple[int, int, str]] = ()
) -> str | None:
    """Rule id that disqualifies the number, or None. Offsets are relative to text."""
    left, right = text[: expr.start], text[expr.end :]
    for rid, rx in rules.left_non:
        if rx.search(left):
            return rid
    for rid, rx in rules.right_non:
        if rx.search(right):
            return rid
    raw = text[expr.num_start : expr.num_end]
    if expr.form == "digits" and expr.hedge == "exact" and rules.year_rx.match(raw):
        return rules.noncasualty["year_pattern"]["id"]
    # the word right after the number counts something that is not a person
    nxt = re.match(r"\s*([\w%'.-]+)", right)
    if nxt and nxt.group(1).lower().rstrip(".") in rules.non_nouns:
        return rules.noncasualty["counted_nouns"]["id"]
    # 'Dana Ahmed, 40, ...': a bare number in commas after a capitalised name
    if expr.form == "digits" and re.search(r"[A-Z][\w'-]+,\s*$", left) and re.match(r"\s*(?:,|\)|$)", right):
        return "non:age_appos"
    for s, e, label in entity_spans:
        if label in _NON_CASUALTY_LABELS and s < expr.num_end and expr.num_start < e:
            # the small model also calls 'Between 20 and 30' and 'On Wednesday 41 (persons)' a DATE: trust
            # DATE/TIME only when a date word follows the number or a month precedes it
            if label in ("DATE", "TIME") and not (
                _DATE_WORD.search(text[expr.num_end : e]) or _MONTH_BEFORE.search(text[s : expr.num_start])
            ):
                continue
            return f"non:ent:{label}"
    return None
