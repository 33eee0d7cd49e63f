"""Find number expressions in a sentence and turn them into low/best/high counts.

Digits and word numbers (via text2num), multipliers ('two dozen'), article forms ('a dozen'),
vague amounts ('dozens'), hedges ('at least', 'over') and ranges ('20 to 30').
Offsets are relative to the text passed in.
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


@cache
def _patterns() -> tuple[re.Pattern, list[tuple[str, re.Pattern]], dict]:
    rules = load_rules()
    nums = rules.numbers
    words = sorted(nums["number_words"], key=len, reverse=True)
    word = "(?:" + "|".join(words) + ")"
    mults = "|".join(m["word"] for m in nums["multipliers"])
    art = "|".join(
        re.escape(k) for k in sorted(nums["article_multiplier"], key=len, reverse=True) if k[0] != "_"
    )
    vague = "|".join(re.escape(v["pattern"]) for v in nums["vague"])
    scale = "|".join(k for k in nums["scale_after_digits"])
    master = re.compile(
        rf"(?P<art>\b(?:{art})\b)"
        rf"|(?P<vague>\b(?:{vague})\b)"
        rf"|(?P<digits>(?<![\w.,/:-])(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?:\s?(?:{scale})\b)?(?![\w/]|[.,:-]\d))"
        rf"|(?P<words>\b{word}(?:(?:\s+|-|\s+and\s+){word})*(?:\s+(?:{mults})\b(?!s))?\b)",
        re.IGNORECASE,
    )
    hedge_rx = [
        (
            h["id"],
            re.compile(r"\b(?:" + "|".join(re.escape(p) for p in h["phrases"]) + r")\s+$", re.IGNORECASE),
        )
        for h in rules.hedges["hedges"]
    ]
    return master, hedge_rx, {h["id"]: h for h in rules.hedges["hedges"]}


def _words_value(text: str, rules: Rules) -> tuple[int, int] | None:
    """Value of a number-word run and how many characters of it were used."""
    mults = {m["word"]: m["value"] for m in rules.numbers["multipliers"]}
    parts = text.split()
    factor = 1
    body = text
    if len(parts) > 1 and parts[-1].lower() in ("dozen", "score"):
        factor = mults[parts[-1].lower()]
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
    master, _, _ = _patterns()
    nums = rules.numbers
    out = []
    for m in master.finditer(text):
        kind = m.lastgroup
        s, e, t = m.start(), m.end(), m.group()
        if kind == "art":
            out.append((s, e, nums["article_multiplier"][t.lower()], "article", ""))
        elif kind == "vague":
            v = next(v for v in nums["vague"] if v["pattern"] == t.lower())
            # 'scores'/'tens' are vague amounts only before 'of' ('scores of people')
            if t.lower() in ("scores", "tens") and not re.match(r"\s+of\b", text[e:], re.IGNORECASE):
                continue
            out.append((s, e, v["value"], "vague", v["id"]))
        elif kind == "digits":
            m2 = re.match(r"([\d,.]+)\s?([a-z]*)", t, re.IGNORECASE)
            digits, scale = m2.group(1).replace(",", ""), m2.group(2).lower()
            value = float(digits) * nums["scale_after_digits"].get(scale, 1)
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


def _hedged(text: str, s: int, e: int, value: int, form: str, vague_id: str) -> NumberExpr:
    _, hedge_rx, hedge_by_id = _patterns()
    left = text[:s]
    for hid, rx in hedge_rx:
        m = rx.search(left)
        if m:
            h = hedge_by_id[hid]
            low = value if h["low"] == "n" else None
            high = value if h["high"] == "n" else None
            return NumberExpr(m.start(), e, s, e, value, low, value, high, hid, form)
    if form == "vague":
        return NumberExpr(s, e, s, e, value, value, value, None, vague_id.replace("vague:", "vague:"), form)
    return NumberExpr(s, e, s, e, value, value, value, value, "exact", form)


def find_numbers(text: str) -> list[NumberExpr]:
    """All number expressions in text with hedges applied and ranges merged."""
    rules = load_rules()
    raw = _raw_numbers(text, rules)
    exprs = [_hedged(text, *r) for r in raw]
    merged: list[NumberExpr] = []
    i = 0
    while i < len(exprs):
        a = exprs[i]
        if i + 1 < len(exprs):
            b = exprs[i + 1]
            gap = text[a.num_end : b.num_start]
            between = re.search(r"\b(?:between|from)\s+$", text[: a.num_start], re.IGNORECASE)
            joined = re.fullmatch(r"\s*(?:to|-|–|or)\s*", gap, re.IGNORECASE) or (
                between and re.fullmatch(r"\s*and\s*", gap, re.IGNORECASE)
            )
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
