"""figure_kind (cumulative / incremental) and the period a figure covers, resolved against the
article's published_date. Cues come from rules/kinds.json; the figure's own clause is searched
first, then the whole sentence.

Conventions (documented for users):
- 'overnight' / 'past 24 hours': period_start = published - 1 day, period_end = report_date = published.
- 'yesterday': the day before published; 'on Tuesday': the latest Tuesday on or before published.
- cumulative: period_start = the 'since' date when stated ('since 7 October', 'since Saturday'),
  period_end = report_date = day cue or published.
- incremental without a day cue: no period, report_date = published_date (an upper bound).
- 'cum:since_partial' marks running totals that start after the war began ('since the bombing resumed');
  'rate:per_day' marks averages ('300 a day'), kind unknown.
- report_date is never after published_date.
"""

from __future__ import annotations

import datetime as dt
import re

import dateparser

from .rules import Rules

_CLAUSE_SPLIT = re.compile(
    r";|,\s+(?=(?:bringing|taking|raising|pushing|lifting|while|but|which|and|as)\b)|\s+(?=(?:bringing|taking|raising)\b)",
    re.IGNORECASE,
)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def clause_of(text: str, start: int, end: int) -> str:
    """The clause of text around [start, end)."""
    bounds = [0] + [m.end() for m in _CLAUSE_SPLIT.finditer(text)] + [len(text)]
    for a, b in zip(bounds, bounds[1:], strict=False):
        if a <= start < b:
            return text[a : max(b, end)]
    return text


def _kind(rules: Rules, clause: str, sentence: str, link_rule: str, pos: int) -> tuple[str, str]:
    """Cues come in tiers (see kinds.json 'tier'); within a tier the cue nearest the figure wins, so
    'the toll rose sharply, with 756 killed over the past 24 hours' is incremental."""
    if link_rule == "toll":
        return "cumulative", "cum:toll"
    for scope, offset in ((clause, sentence.find(clause)), (sentence, 0)):
        for tier in sorted({t for *_, t in rules.kind_cues}):
            hits = [
                (abs(m.start() + offset - pos), rid, kind)
                for rid, kind, rx, t in rules.kind_cues
                if t == tier
                for m in rx.finditer(scope)
            ]
            if hits:
                _, rid, kind = min(hits)
                return kind, rid
    return "unknown", "none"


def _parse_day(text: str, published: dt.date) -> dt.date | None:
    base = dt.datetime.combine(published, dt.time(12))
    got = dateparser.parse(
        text, languages=["en"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}
    )
    if got is None:
        return None
    day = got.date()
    if day > published:
        try:
            day = day.replace(year=day.year - 1)
        except ValueError:
            return None
    return day


def _day_cue(rules: Rules, scope: str, published: dt.date):
    for cue, rx in rules.date_cues:
        m = rx.search(scope)
        if not m:
            continue
        if cue.get("weekday"):
            wd = _WEEKDAYS.index(m.group("weekday").lower())
            day = published - dt.timedelta(days=(published.weekday() - wd) % 7)
            return cue["id"], day, day, day
        d = dt.timedelta
        return (
            cue["id"],
            published + d(days=cue["start"]),
            published + d(days=cue["end"]),
            published + d(days=cue["report"]),
        )
    return None


def figure_timing(
    rules: Rules, sentence: str, start: int, end: int, published: dt.date | None, link_rule: str
) -> dict:
    clause = clause_of(sentence, start, end)
    kind, kind_rule = _kind(rules, clause, sentence, link_rule, start)
    out = {
        "figure_kind": kind,
        "kind_rule": kind_rule,
        "period_start": None,
        "period_end": None,
        "report_date": None,
    }
    if published is None:
        return out
    cue = _day_cue(rules, clause, published) or _day_cue(rules, sentence, published)
    if kind == "cumulative":
        m = rules.since_rx.search(clause) or rules.since_rx.search(sentence)
        since = _parse_day(m.group("since"), published) if m else None
        w = rules.since_weekday_rx.search(clause) or rules.since_weekday_rx.search(sentence)
        if since is None and w:  # 'since Saturday': the latest Saturday before published
            wd = _WEEKDAYS.index(w.group("weekday").lower())
            since = published - dt.timedelta(days=(published.weekday() - wd - 1) % 7 + 1)
        report = cue[3] if cue else published
        out.update(period_start=since, period_end=report, report_date=report)
    elif cue:
        out.update(period_start=cue[1], period_end=cue[2], report_date=cue[3])
    else:
        out.update(report_date=published)
    for key in ("period_start", "period_end", "report_date"):
        if out[key] is not None and out[key] > published:
            out[key] = published
    return out
