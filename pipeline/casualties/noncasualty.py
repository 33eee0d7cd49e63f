"""Reject numbers that are not casualty counts: dates, ages, units, money, survivors, bodies not yet counted."""

from __future__ import annotations

import re

from .numbers import NumberExpr
from .rules import Rules

_NEXT_WORD = re.compile(r"\s*([\w%'.-]+)")


def reject_reason(
    text: str, expr: NumberExpr, rules: Rules, entity_spans: list[tuple[int, int, str]] = ()
) -> str | None:
    """Rule id that disqualifies the number, or None. Offsets are relative to text; entity_spans are the
    entity layer's mentions in the same offsets."""
    left, right = text[: expr.start], text[expr.end :]
    for rid, rx in rules.left_non:
        if rx.search(left):
            return rid
    for rid, rx in rules.right_non:
        if rx.search(right):
            return rid
    raw = text[expr.num_start : expr.num_end]
    if expr.form == "digits" and expr.hedge == "exact" and rules.year_rx.match(raw):
        return rules.year_id
    # the word right after the number counts something that is not a person
    nxt = _NEXT_WORD.match(right)
    if nxt and nxt.group(1).lower().rstrip(".") in rules.non_nouns:
        return rules.non_nouns_id
    rid, age_left, age_right = rules.age_appos
    if expr.form == "digits" and age_left.search(left) and age_right.match(right):
        return rid
    for s, e, label in entity_spans:
        if label in rules.non_entity_labels and s < expr.num_end and expr.num_start < e:
            if label in rules.non_entity_checked and not (
                rules.date_word_rx.search(text[expr.num_end : e])
                or rules.month_before_rx.search(text[s : expr.num_start])
            ):
                continue
            return rules.non_entity_prefix + label
    return None
