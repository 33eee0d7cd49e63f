"""figure_kind (cumulative / incremental / unknown), the period a figure covers, and its scope, resolved
against the article's published_date. Cues and dates come from rules/kinds.json.

Order (see clause.py for the scopes): cues in the figure's own clause; then the predicate's aspect
(perfect or present state: a running total); then the event the figure hangs from and the clauses
above it; then the rest of the sentence (main-clause figures only); then simple past (one event).
Within a scope the lowest tier wins, then the cue nearest the figure.

Conventions (documented for users):
- 'overnight' / 'past 24 hours': period_start = published - 1 day, period_end = report_date = published;
  'past week': published - 7 days.
- a dated event ('on 7 October', 'the 1 April strike', 'on Tuesday'): period_start = period_end =
  report_date = that day (the latest such day on or before published); a month ('in April'): the month,
  report_date its last day (or published, if earlier).
- cumulative: period_start = the 'since' date when stated ('since 7 October', 'since Saturday'),
  period_end = report_date = the day cue or published.
- incremental without a date: no period, report_date = published_date (an upper bound).
- a figure of a known event (rules/events.json: 'when Hamas attacked communities near the border') with
  no day of its own: that event's day (kind_rule = the event's id).
- report_date is never after published_date.
- scope: 'partial' for running totals that start after the war began ('since the truce collapsed');
  'historical' for an earlier war or event (the Holocaust; 'in 2006'; 'years ago'; a period that ended
  more than a year before publication); else 'full'.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from .clause import Scopes, doc_text, scope_text
from .rules import Rules

_D = dt.timedelta


@dataclass(frozen=True)
class DateCue:
    start: int  # offsets in the scanned text
    end: int
    rule: str
    period_start: dt.date
    period_end: dt.date
    report: dt.date


def _month(rules: Rules, word: str) -> int:
    return rules.months[word[:3].lower()]


def _latest(published: dt.date, month: int, day: int, year: int | None) -> dt.date | None:
    try:
        if year:
            return dt.date(year, month, day)
        d = dt.date(published.year, month, day)
        return d if d <= published else dt.date(published.year - 1, month, day)
    except ValueError:
        return None


def _month_period(published: dt.date, month: int, year: int | None) -> tuple[dt.date, dt.date]:
    if not year:
        year = published.year if month <= published.month else published.year - 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last)


def date_cues(rules: Rules, text: str, published: dt.date) -> list[DateCue]:
    """Every date expression in text, resolved by lookup (no date parser)."""
    out: list[DateCue] = []
    taken: list[tuple[int, int]] = []

    def add(m, rule, start, end, report):
        if any(m.start() < e and s < m.end() for s, e in taken):
            return
        taken.append(m.span())
        out.append(DateCue(m.start(), m.end(), rule, start, end, report))

    for rx in (rules.day_month_rx, rules.month_day_rx):
        for m in rx.finditer(text):
            year = int(m.group("year")) if m.group("year") else None
            d = _latest(published, _month(rules, m.group("month")), int(m.group("day")), year)
            if d is not None:
                add(m, "date:day", d, d, d)
    for m in rules.month_only_rx.finditer(text):
        year = int(m.group("year")) if m.group("year") else None
        start, end = _month_period(published, _month(rules, m.group("month")), year)
        add(m, "date:month", start, end, end)
    for m in rules.year_only_rx.finditer(text):
        year = int(m.group("year"))
        if year <= published.year:
            add(m, "date:year", dt.date(year, 1, 1), dt.date(year, 12, 31), dt.date(year, 12, 31))
    for m in rules.weekday_rx.finditer(text):
        wd = rules.weekdays.index(m.group("weekday").lower())
        back = (published.weekday() - wd) % 7 or (7 if m.group("last") else 0)
        d = published - _D(days=back)
        add(m, "date:weekday", d, d, d)
    for m in rules.ago_rx.finditer(text):
        n = m.group("n").lower()
        days = (int(n) if n.isdigit() else rules.ago_numbers[n]) * rules.ago_days[m.group("unit").lower()]
        d = published - _D(days=days)
        add(m, "date:ago", d, d, d)
    for r in rules.relative_days:
        for m in r.rx.finditer(text):
            add(m, r.id, published + _D(days=r.start), published + _D(days=r.end), published + _D(days=r.report))
    return out


def since_start(rules: Rules, text: str, published: dt.date) -> tuple[dt.date | None, list[tuple[int, int]]]:
    """The date a 'since' names ('since 7 October', 'since Saturday', 'since 2014') and the spans of
    every 'since' phrase (their dates are period starts, not the day described)."""
    spans, start = [], None
    for m in rules.since_rx.finditer(text):
        rest = text[m.end() : m.end() + 40]
        cues = [c for c in date_cues(rules, rest, published) if c.start == 0]
        end = m.end() + (max(c.end for c in cues) if cues else 0)
        spans.append((m.start(), end))
        if cues and start is None:
            c = cues[0]
            if c.rule == "date:weekday":  # 'since Saturday': the last Saturday before published
                start = c.period_start if c.period_start < published else published - _D(days=7)
            else:
                start = c.period_start
    return start, spans


@dataclass(frozen=True)
class _Cue:
    tier: int
    distance: int
    rule: str
    kind: str
    scope: str
    date: DateCue | None


def _text_matches(rules: Rules, text: str, owners: list[int], published: dt.date | None) -> list[tuple]:
    """(tier, token index, rule, kind, scope, date) of the worded and dated cues in a scope's text."""
    found = [(c.tier, owners[m.start()], c.id, c.kind, c.scope, None) for c in rules.kind_cues
             for m in c.rx.finditer(text)]
    if published is not None:
        _, since_spans = since_start(rules, text, published)
        rid, kind, tier = rules.date_cue
        found += [(tier, owners[d.start], rid, kind, "", d) for d in date_cues(rules, text, published)
                  if not any(s <= d.start < e for s, e in since_spans)]
    return found


def _scope_cues(rules: Rules, tokens, anchor_i: int, published: dt.date | None, skip_i: set, aspect: str | None,
                lexical: set[int] | None, own: bool = False, local: bool = False):
    """(cues, text) of one scope: regex cues, dates (not those of a 'since'), and event words among the
    tokens `lexical` (None: all). A whole sentence doc's text cues are found once per doc."""
    if isinstance(tokens, tuple):
        text, owners = scope_text(tokens)
        found = _text_matches(rules, text, owners, published)
    else:
        text, owners = doc_text(tokens)
        found = tokens.user_data.get("text_cues")
        if found is None:
            found = tokens.user_data["text_cues"] = _text_matches(rules, text, owners, published)
    cues = [_Cue(tier, abs(i - anchor_i), rid, kind, scope, d) for tier, i, rid, kind, scope, d in found]
    for t in tokens if lexical is None or lexical else ():
        if t.i in skip_i or (lexical is not None and t.i not in lexical):
            continue
        lemma = t.lemma_.lower()
        hit = rules.event_nouns.get(lemma) if t.pos_ in ("NOUN", "PROPN") else None
        if hit is None and t.pos_ == "VERB" and lemma in rules.event_verbs:
            hit = rules.event_verb_rule
        if hit is not None and hit[0] == "incremental" and any(
                c.lower_ in rules.campaign_modifiers for c in t.children):
            hit = rules.event_nouns["war"]  # 'the retaliatory bombings', 'continuing strikes': the campaign
        if hit is None or (aspect == "perfect" and t.tag_ == "NNS" and hit[0] == "incremental" and not local):
            continue  # 'have been killed in strikes': many events, a running total
        if own and aspect == "past" and lemma in rules.bounded_campaigns:
            continue  # '274 people were killed in the operation': the event, not a running total
        kind, rid, tier = hit
        cues.append(_Cue(tier, abs(t.i - anchor_i), rid, kind, "", None))
    return cues, text


_VERB_CLIMB = frozenset({"acl", "advcl", "xcomp", "ccomp", "conj", "relcl", "amod", "oprd", "acomp"})
_NOUN_CLIMB = frozenset({"dobj", "pobj", "prep", "nsubj", "nsubjpass", "attr", "appos", "conj", "npadvmod",
                         "compound", "agent"})


def _aspect(rules: Rules, pred) -> str | None:
    """'perfect', 'state', 'past' or None, from the predicate (a participle's or a noun's from the verb
    above; present tense counts only on the predicate itself: 'It is six months since ...' says nothing)."""
    x = pred
    if x.dep_ == "pcomp" and x.head.lower_ in rules.absolute_preps and x.head.head.i != x.head.i:
        x = x.head.head  # 'with 8,700 people injured': the tense of the clause above
    for level in range(6):
        auxes = [c for c in x.children if c.dep_ in ("aux", "auxpass")]
        if any(a.lemma_.lower() in rules.perfect[1] for a in auxes):
            return "perfect"
        if any(a.tag_ == "TO" for a in auxes):
            return None  # 'to refer to 1,200 deaths': an infinitive says nothing of the event
        reports = level > 0 and x.lemma_.lower() in rules.speech_verbs
        tags = [a.tag_ for a in auxes] + [x.tag_]
        finite = next((t for t in tags if t in rules.state[1] or t in rules.past[1]), None)
        if finite and not reports:
            if finite in rules.past[1]:
                return "past"
            if level == 0 and x.lemma_.lower() in rules.verb_type:
                return "past"  # 'Strike kills 20', 'are killed': headline and narrative present, an event
            return "state" if level == 0 else None
        climb = _VERB_CLIMB if x.pos_ in ("VERB", "AUX", "ADJ") else _NOUN_CLIMB
        if x.dep_ not in climb or x.head.i == x.i or reports:
            return None
        x = x.head
    return None


def _text_cues(rules: Rules, text: str, pos: int, published: dt.date | None) -> list[_Cue]:
    """Cues in plain text (no parse): the figure's sentence, nearest to pos."""
    cues = [
        _Cue(c.tier, abs(m.start() - pos), c.id, c.kind, c.scope, None)
        for c in rules.kind_cues
        for m in c.rx.finditer(text)
    ]
    if published is not None:
        _, spans = since_start(rules, text, published)
        rid, kind, tier = rules.date_cue
        cues += [
            _Cue(tier, abs(d.start - pos), rid, kind, "", d)
            for d in date_cues(rules, text, published)
            if not any(s <= d.start < e for s, e in spans)
        ]
    return cues


def _best(cues: list[_Cue]) -> _Cue | None:
    """Lowest tier, then nearest; a worded cue ('on Tuesday': inc:day) before the date it also is."""
    return min(cues, key=lambda c: (c.tier, c.distance, c.date is not None, c.rule)) if cues else None


def _historical(rules: Rules, texts: list[str], period_end: dt.date | None, published: dt.date | None):
    for text in texts:
        for rid, rx in (rules.hist_event, rules.hist_years_ago):
            if rx.search(text):
                return rid
    rid, max_days = rules.hist_dated
    if period_end is not None and published is not None and (published - period_end).days > max_days:
        return rid
    return None


def _subordinate_dates(rules: Rules, doc) -> set[int]:
    """Tokens of the 'since/after/when' clauses and phrases and of the clauses describing a noun, in a
    sentence doc (computed once per doc): their dates are not a running total's report day."""
    out = doc.user_data.get("subordinate")
    if out is None:
        out = doc.user_data["subordinate"] = set()
        for t in doc:
            marked = t.lower_ in rules.report_day_marks or any(
                c.dep_ in ("mark", "advmod") and c.lower_ in rules.report_day_marks for c in t.children)
            reduced = t.dep_ == "advcl" and t.tag_ in ("VBN", "VBG") and not any(
                c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in t.children)  # ', sparked by ...'
            if (t.dep_ in ("advcl", "pcomp", "prep", "relcl") and marked) or reduced or (
                    t.dep_ in ("acl", "relcl") and t.pos_ in ("VERB", "AUX")):
                out.update(x.i for x in t.subtree)  # 'since ...', 'the war, sparked by the attack on 7 October'
    return out


def _report_day(rules: Rules, layers: list, anchor_i: int, published: dt.date) -> DateCue | None:
    """A running total's day: the nearest day cue of its own clause, else of the speech verb that reports
    it ('the ministry said on Monday'); never a date in a 'since/after/when' clause or one naming an
    event ('in response to the 7 October attack', 'the attack on 7 October')."""
    for n, layer in enumerate(layers):
        tokens = layer if isinstance(layer, tuple) else tuple(layer)
        out = _subordinate_dates(rules, tokens[0].doc) if tokens else set()
        kept = [t for t in tokens if t.i not in out]
        text, owners = scope_text(kept)
        doc = tokens[0].doc if tokens else None
        cues = []
        for d in date_cues(rules, text, published):
            last = doc[owners[d.end - 1]]
            head = last.head.head if last.dep_ == "pobj" else last.head
            if last.dep_ in rules.report_day_noun_deps and last.head.pos_ in ("NOUN", "PROPN"):
                continue  # 'the 7 October attack'
            if last.dep_ == "pobj" and head.pos_ in ("NOUN", "PROPN"):
                continue  # 'the attack on 7 October'
            if n > 0 and head.lemma_.lower() not in rules.speech_verbs:
                continue  # outside its own clause, only the day it was reported
            cues.append((abs(owners[d.start] - anchor_i), d))
        if cues:
            return min(cues, key=lambda c: c[0])[1]
    return None


def _reported_cues(rules: Rules, head, anchor_i: int, published: dt.date | None) -> list[_Cue]:
    """Period cues of the speech verb that reports the figure's clause ('Within seven hours ..., the
    ministry said 60 had been killed'), without its subject and its day."""
    verb = head.head
    if head.dep_ != "ccomp" or verb.i == head.i or verb.lemma_.lower() not in rules.speech_verbs:
        return []
    inside = {t.i for t in head.subtree} | {t.i for c in verb.children if c.dep_ == "nsubj" for t in c.subtree}
    tokens = tuple(t for t in verb.subtree if t.i not in inside)
    cues, _ = _scope_cues(rules, tokens, anchor_i, published, set(), None, set())
    return [c for c in cues if c.tier <= rules.reported_max_tier]


def _decide(rules: Rules, layers: list[list[_Cue]], aspect: str | None, event_noun: bool) -> _Cue | None:
    """Layers: own clause, event, context, sentence. The aspect decides after the own clause (perfect,
    state) or after the event (simple past: 'after its gunmen killed 1,200' is an event whatever war the
    main clause names)."""
    for n, cues in enumerate(layers):
        best = _best(cues)
        if best is not None:
            return best
        if n == 0 and aspect in ("perfect", "state"):
            rid = rules.perfect[0] if aspect == "perfect" else rules.state[0]
            return _Cue(3, 0, rid, "cumulative", "", None)
        if n == 1 and aspect == "past":
            return _Cue(3, 0, rules.past[0], "incremental", "", None)
    if event_noun:
        return _Cue(3, 0, rules.event_noun, "incremental", "", None)
    return None


def figure_timing(
    rules: Rules,
    sentence: str,
    pos: int,
    published: dt.date | None,
    link_rule: str,
    scopes: Scopes | None = None,
    anchor=None,
    pred=None,
    event_root=None,
    event_noun: bool = False,
    local: bool = False,
) -> dict:
    """Kind, period, report_date and scope of one figure. With a parse: `scopes` (clause.py), the figure's
    anchor and predicate tokens, the token whose subtree holds the figure's own event words, whether the
    predicate is a noun of killing and whether its clause names a place narrower than a territory;
    without, the sentence text around pos."""
    if scopes is not None and anchor is not None:
        aspect = _aspect(rules, scopes.event_verb or (pred if pred is not None else anchor))
        skip = {pred.i} if pred is not None else set()
        root = event_root if event_root is not None else anchor
        own = scopes.own
        if pred is not None and pred.pos_ in ("VERB", "AUX"):  # 'killed in what it said was an air strike'
            extra = {t.i for c in pred.children if c.dep_ in ("prep", "agent") for t in c.subtree}
            own = tuple(sorted({t.i: t for t in own + tuple(anchor.doc[i] for i in extra)}.values(),
                               key=lambda t: t.i))
        layers = [own, scopes.event, scopes.context] + ([] if scopes.background else [anchor.doc])
        lexical = [{t.i for t in root.subtree}, None, None, set()]
        scanned = [_scope_cues(rules, layer, anchor.i, published, skip, aspect, lex, n == 0, local)
                   for n, (layer, lex) in enumerate(zip(layers, lexical, strict=False))]
        layer_cues = [c for c, _ in scanned]
        layer_cues[0] += _reported_cues(rules, scopes.head, anchor.i, published)
        texts = [t for _, t in scanned[:3]]
        history = [scope_text(sorted(scopes.own + scopes.marks, key=lambda t: t.i))[0], *texts[1:]]
        chosen = _decide(rules, layer_cues, aspect, event_noun)
    else:
        layer_cues = [_text_cues(rules, sentence, pos, published)]
        texts = history = [sentence]
        chosen = _best(layer_cues[0])
    if link_rule == "toll":
        chosen = _Cue(1, 0, "cum:toll", "cumulative", "", chosen.date if chosen else None)
    kind, kind_rule = (chosen.kind, chosen.rule) if chosen else ("unknown", "none")
    partial = chosen is not None and chosen.scope == "partial"
    out = {"figure_kind": kind, "kind_rule": kind_rule, "period_start": None, "period_end": None,
           "report_date": None, "scope": "partial" if partial else "full",
           "scope_rule": chosen.rule if partial else None}
    if published is not None:
        # the day: the date cue that decided, else the nearest date of the first scope holding one
        day = chosen.date if chosen and chosen.date else None
        for cues in layer_cues if day is None else ():
            dated = [c for c in cues if c.date is not None]
            if dated:
                day = min(dated, key=lambda c: c.distance).date
                break
        if kind == "cumulative" and scopes is not None:
            day = _report_day(rules, layers, anchor.i, published)
        if kind == "cumulative":
            since = next((s for s in (since_start(rules, t, published)[0] for t in texts) if s), None)
            if since is None and day is not None and day.period_start < day.period_end:
                since = day.period_start  # 'during the 2014 war': a total over that year
            report = day.report if day else published
            out.update(period_start=since, period_end=report, report_date=report)
        elif day is not None:
            out.update(period_start=day.period_start, period_end=day.period_end, report_date=day.report)
        else:
            out.update(report_date=published)
    if kind == "cumulative" and out["scope"] == "full" and rules.cause[1].search(texts[0]):
        out.update(scope="partial", scope_rule=rules.cause[0])  # 'have died of malnutrition'
    hist = _historical(rules, history, out["period_end"], published)
    if hist:
        out.update(scope="historical", scope_rule=hist)
    for key in ("period_start", "period_end", "report_date"):
        if published is not None and out[key] is not None and out[key] > published:
            out[key] = published
    return out


def event_day(rules: Rules, timing: dict, rule_id: str, day: dt.date, published: dt.date) -> dict:
    """A figure of a known event (events.py: never a running total) is one event on the event's day
    (kind_rule = the event's id) unless the text gives it another day; 'on 7 October' read a year after
    the event is still the event's 7 October."""
    own = timing["period_start"]
    if own is not None and (own.month, own.day) != (day.month, day.day):
        return timing
    out = {**timing, "figure_kind": "incremental", "kind_rule": rule_id, "period_start": day, "period_end": day,
           "report_date": day}
    if out["scope"] != "historical":
        hist = _historical(rules, [], day, published)
        if hist:
            out.update(scope="historical", scope_rule=hist)
    return out
