"""Find number expressions in a sentence and turn them into low/best/high counts.

Digits ('28,576', and '28, 576' with a stray space), word numbers (via text2num), multipliers ('two
dozen'), article forms ('a dozen'), vague amounts ('dozens'), hedges ('at least', 'surpassed') and
ranges ('20 to 30'). Offsets are relative to the text passed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from text_to_num import text2num

from .rules import Rules, load_rules


@dataclass(frozen=True)
class NumberExpr:
    start: int  # includes the hedge
    end: int
    num_start: int  # the number itself (both numbers of a range)
    num_end: int
    value: int
    low: int | None
    best: int
    high: int | None
    hedge: str  # at_least | over | nearly | up_to | about | range | vague:<x> | exact | singular
    form: str  # digits | words | vague | article | range | singular


@dataclass(frozen=True)
class _Patterns:
    master: re.Pattern
    digits: re.Pattern
    between: re.Pattern
    joined: re.Pattern
    joined_between: re.Pattern
    of_after: re.Pattern


@cache
def _patterns() -> _Patterns:
    rules = load_rules()
    word = "(?:" + "|".join(sorted(rules.number_words, key=len, reverse=True)) + ")"
    mults = "|".join(rules.multipliers)
    art = "|".join(re.escape(k) for k in sorted(rules.article_multiplier, key=len, reverse=True))
    vague = "|".join(re.escape(v) for v in rules.vague)
    scale = "|".join(rules.scale_after_digits)
    stray = rules.stray_space_rx.pattern
    master = re.compile(
        rf"(?P<art>\b(?:{art})\b)"
        rf"|(?P<vague>\b(?:{vague})\b)"
        rf"|(?P<stray>{stray})"
        rf"|(?P<digits>(?<![\w.,/:-])(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?:\s?(?:{scale})\b)?(?![\w/]|[.,:-]\d))"
        rf"|(?P<words>\b{word}(?:(?:\s+|-|\s+and\s+){word})*(?:\s+(?:{mults})\b(?!s))?\b)",
        re.IGNORECASE,
    )
    alt = "|".join(re.escape(j) for j in rules.range_joiners)
    return _Patterns(
        master=master,
        digits=re.compile(r"([\d,. ]+?)\s?([a-z]*)$", re.IGNORECASE),
        between=re.compile(rf"\b(?:{'|'.join(rules.range_between)})\s+$", re.IGNORECASE),
        joined=re.compile(rf"\s*(?:{alt})\s*", re.IGNORECASE),
        joined_between=re.compile(rf"\s*(?:{'|'.join(rules.range_between_joiners)})\s*", re.IGNORECASE),
        of_after=re.compile(r"\s+of\b", re.IGNORECASE),
    )


def _words_value(text: str, rules: Rules) -> tuple[int, int] | None:
    """Value of a number-word run and how many characters of it were used."""
    parts = text.split()
    factor = 1
    body = text
    if len(parts) > 1 and parts[-1].lower() in rules.multipliers:
        factor = rules.multipliers[parts[-1].lower()]
        body = text[: text.lower().rfind(parts[-1].lower())].rstrip()
    for cut in (body, *_shorter(body)):
        try:
            return text2num(cut.lower(), "en") * factor, (len(text) if cut is body else len(cut))
        except ValueError:
            continue
    return None


def _shorter(text: str) -> list[str]:
    # 'five and six' is two numbers: keep the first part that parses
    pieces = re.split(r"\s+and\s+|\s+", text)
    return [" ".join(pieces[:i]) for i in range(len(pieces) - 1, 0, -1)]


def _raw_numbers(text: str, rules: Rules) -> list[tuple[int, int, int, str, str]]:
    """(start, end, value, form, vague_id) for every number in text."""
    pats = _patterns()
    out = []
    for m in pats.master.finditer(text):
        kind = m.lastgroup
        s, e, t = m.start(), m.end(), m.group()
        if kind == "art":
            out.append((s, e, rules.article_multiplier[t.lower()], "article", ""))
        elif kind == "vague":
            v = rules.vague[t.lower()]
            if v.needs_of and not pats.of_after.match(text, e):
                continue
            out.append((s, e, v.value, "vague", v.id))
        elif kind in ("digits", "stray"):
            m2 = pats.digits.match(t)
            digits, scale = re.sub(r"[, ]", "", m2.group(1)), m2.group(2).lower()
            value = float(digits) * rules.scale_after_digits.get(scale, 1)
            if value != int(value):
                continue
            out.append((s, e, int(value), "digits", ""))
        else:
            parsed = _words_value(t, rules)
            if parsed is None:
                continue
            value, used = parsed
            out.append((s, s + used, value, "words", ""))
    return out


def _hedged(text: str, s: int, e: int, value: int, form: str, vague_id: str, rules: Rules) -> NumberExpr:
    left = text[:s]
    for h in rules.hedges:
        m = h.rx.search(left)
        if m:
            low = value if h.low else None
            high = value if h.high else None
            return NumberExpr(m.start(), e, s, e, value, low, value, high, h.id, form)
    if form == "vague":
        return NumberExpr(s, e, s, e, value, value, value, None, vague_id, form)
    return NumberExpr(s, e, s, e, value, value, value, value, "exact", form)


def find_numbers(text: str) -> list[NumberExpr]:
    """All number expressions in text with hedges applied and ranges merged."""
    rules = load_rules()
    pats = _patterns()
    exprs = [_hedged(text, *r, rules) for r in _raw_numbers(text, rules)]
    merged: list[NumberExpr] = []
    i = 0
    while i < len(exprs):
        a = exprs[i]
        if i + 1 < len(exprs):
            b = exprs[i + 1]
            gap = text[a.num_end : b.num_start]
            between = pats.between.search(text, 0, a.num_start)
            joined = pats.joined.fullmatch(gap) or (between and pats.joined_between.fullmatch(gap))
            if joined and b.value > a.value and a.form != "vague":
                start = between.start() if between else a.start
                merged.append(
                    replace(
                        a,
                        start=start,
                        end=b.end,
                        num_end=b.num_end,
                        low=a.value,
                        best=a.value,
                        high=b.value,
                        hedge="range",
                        form="range",
                    )
                )
                i += 2
                continue
        merged.append(a)
        i += 1
    return merged
