"""Known events (rules/events.json): named events the press refers to without their place or day.

An event is named in a figure's own clause or in the event the figure hangs from when two of its three
cues are there: its day as written ('on 7 October', 'the October 7 attack'), one of its actors ('Hamas'),
and a word for what happened ('attack', 'massacre', by lemma; 'a Hamas rocket attack' is another kind
of event). Clauses and phrases that are only a reference ('since the 7 October attack', 'in response to
Hamas's attack'), conjoined or higher clauses and the victims' own modifiers ('two Hamas commanders') do
not name the figure's event. A running total is never an event's figure, and only an article published on
or after the event's day can name it. The figure takes the event's place (places.py) and, without a day
of its own, its day (timing.event_day); it is a reference, so later figures do not continue its story.
"""

from __future__ import annotations

import datetime as dt

from .clause import Scopes, scope_text
from .places import background_clauses, keep_of
from .rules import KnownEvent, Rules
from .timing import date_cues

_MODIFIERS = frozenset({"compound", "amod", "nmod"})  # of the counted noun: who the victims are, not the actor


def _dated_noun(scopes: Scopes) -> tuple:
    """A relative clause the parser hung from a date ('the attack on 7 October in which gunmen killed'):
    the event is the noun the date belongs to, with its modifiers."""
    date = scopes.governor
    if date is None or date.ent_type_ != "DATE" or date.dep_ != "pobj" or date.head.head.pos_ not in ("NOUN", "PROPN"):
        return ()
    noun = date.head.head
    inside = {t.i for t in scopes.own + scopes.event}
    return tuple(t for t in noun.subtree if t.i not in inside and t.i < date.i)


def named_event(rules: Rules, scopes: Scopes, figure, published: dt.date | None, kind: str) -> KnownEvent | None:
    """The known event the figure's clause or its event names, if the figure is not a running total."""
    if published is None or kind == "cumulative" or not rules.known_events:
        return None
    tokens = scopes.own + scopes.event + _dated_noun(scopes)
    drop = background_clauses(tokens, rules, keep_of(scopes, figure), rules.event_reference_nouns)
    tokens = tuple(sorted((t for t in tokens if t.i not in drop), key=lambda t: t.i))
    if not tokens:
        return None
    text, _ = scope_text(tokens)
    days = {(d.period_start.month, d.period_start.day) for d in date_cues(rules, text, published)
            if d.period_start == d.period_end}
    words = {t.lower_ for t in tokens if not (t.head.i == figure.i and t.dep_ in _MODIFIERS)}  # 'Hamas commanders'
    lemmas = {t.lemma_.lower() for t in tokens  # 'a Hamas rocket attack': another kind of event
              if not any(c.dep_ in _MODIFIERS and c.lower_ in rules.other_event_kinds for c in t.children)}
    for event in rules.known_events:
        if published < event.day:
            continue
        cues = ((event.day.month, event.day.day) in days) + bool(words & event.actors) + bool(lemmas & event.words)
        if cues >= 2:
            return event
    return None
