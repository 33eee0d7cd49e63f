"""Load the rule data in rules/*.json once and compile it into lookups and patterns.

Every entry of every rule file is read here, at load time, into the compiled `Rules` (the code never
reads the JSON again); the loader records what it read, so `unused_rule_entries()` lists any entry no
rule uses (a test keeps it empty). Keys starting with '_' are documentation.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

RULES_DIR = Path(__file__).parent / "rules"
RULE_FILES = tuple(sorted(p.stem for p in RULES_DIR.glob("*.json")))


class _Read(Mapping):
    """A read-only view of a JSON object that records the paths of the entries read."""

    def __init__(self, data: dict, path: tuple, seen: set):
        self._data, self._path, self._seen = data, path, seen

    def __getitem__(self, key):
        value = self._data[key]
        self._seen.add((*self._path, key))
        return _wrap(value, (*self._path, key), self._seen)

    def __iter__(self) -> Iterator:
        return (k for k in self._data if not str(k).startswith("_"))

    def __len__(self) -> int:
        return sum(1 for _ in self)


class _ReadList(Sequence):
    def __init__(self, data: list, path: tuple, seen: set):
        self._data, self._path, self._seen = data, path, seen

    def __getitem__(self, i):
        self._seen.add((*self._path, i))
        return _wrap(self._data[i], (*self._path, i), self._seen)

    def __len__(self) -> int:
        return len(self._data)


def _wrap(value, path: tuple, seen: set):
    if isinstance(value, dict):
        return _Read(value, path, seen)
    if isinstance(value, list):
        return _ReadList(value, path, seen)
    return value


def _leaves(value, path: tuple) -> Iterator[tuple]:
    if isinstance(value, dict):
        for k, v in value.items():
            if not str(k).startswith("_"):
                yield from _leaves(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _leaves(v, (*path, i))
    else:
        yield path


def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


def _words(items) -> frozenset[str]:
    return frozenset(str(w).lower() for w in items)


def _alternation(phrases) -> str:
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


@dataclass(frozen=True)
class KindCue:
    id: str
    kind: str
    tier: int
    rx: re.Pattern
    scope: str  # 'partial' for running totals that start after the war began, else ''


@dataclass(frozen=True)
class Hedge:
    id: str
    rx: re.Pattern  # the phrase right before the number
    low: bool  # count_low = N (else open)
    high: bool  # count_high = N (else open)


@dataclass(frozen=True)
class Vague:
    id: str
    value: int
    needs_of: bool  # 'scores of people', not 'scores' alone


@dataclass(frozen=True)
class RelativeDay:
    id: str
    rx: re.Pattern
    start: int
    end: int
    report: int


@dataclass(frozen=True)
class Actor:
    id: str
    heads: frozenset[str]
    resolve: str  # 'health_ministry' or 'template'
    template: str


@dataclass(frozen=True)
class KnownEvent:
    id: str
    place: str
    day: dt.date
    actors: frozenset[str]
    words: frozenset[str]  # lemmas of what happened


@dataclass(frozen=True)
class Rules:
    # numbers and hedges
    number_words: tuple[str, ...]
    scale_after_digits: dict[str, int]
    multipliers: dict[str, int]
    article_multiplier: dict[str, int]
    vague: dict[str, Vague]
    range_joiners: tuple[str, ...]
    range_between: tuple[str, ...]
    range_between_joiners: tuple[str, ...]
    stray_space_rx: re.Pattern
    hedges: tuple[Hedge, ...]
    # types
    candidate_rx: re.Pattern
    noun_type: dict[str, str]
    of_noun_type: dict[str, str]
    verb_type: dict[str, str]
    intransitive_killed: frozenset[str]
    irregular_forms: dict[str, str]
    ambiguous_verbs: dict[str, str]
    killed_modifier_words: frozenset[str]
    killed_conjoined_verbs: frozenset[str]
    lose_verbs: frozenset[str]
    lives_objects: frozenset[str]
    to_death: tuple[str, str, str]  # preposition, noun, adjective
    adj_type: dict[str, str]
    toll_words: frozenset[str]
    count_nouns: frozenset[str]
    object_nouns: frozenset[str]
    resolution: tuple[tuple[str, str, tuple[re.Pattern, ...], tuple[re.Pattern, ...]], ...]
    person_object_verbs: frozenset[str]
    singular_strict_verbs: frozenset[str]
    people_words: frozenset[str]
    fatal_modifiers: frozenset[str]
    subcount_including: frozenset[str]
    subcount_among: frozenset[str]
    particle_exclusions: frozenset[str]
    window_active_left: re.Pattern
    window_leave_verbs: frozenset[str]
    window_life_or_dead: re.Pattern
    window_passive_forms: re.Pattern
    window_form_types: tuple[tuple[str, str], ...]
    window_skip: frozenset[str]
    window_aux: frozenset[str]
    window_object_after: re.Pattern
    window_toll_left: re.Pattern
    # victims
    group_of: dict[str, tuple[str, str]]  # word -> (group, rule id)
    person_nouns: frozenset[str]
    not_persons: frozenset[str]
    singular_indefinite: frozenset[str]
    singular_excluded: frozenset[str]
    # non-casualty numbers
    non_nouns: frozenset[str]
    non_nouns_id: str
    left_non: tuple[tuple[str, re.Pattern], ...]
    right_non: tuple[tuple[str, re.Pattern], ...]
    year_rx: re.Pattern
    year_id: str
    age_appos: tuple[str, re.Pattern, re.Pattern]
    non_entity_prefix: str
    non_entity_labels: frozenset[str]
    non_entity_checked: frozenset[str]
    date_word_rx: re.Pattern
    month_before_rx: re.Pattern
    # kinds, dates, scope
    kind_cues: tuple[KindCue, ...]
    date_cue: tuple[str, str, int]  # id, kind, tier
    event_nouns: dict[str, tuple[str, str, int]]  # lemma -> (kind, rule id, tier)
    event_verbs: frozenset[str]
    event_verb_rule: tuple[str, str, int]
    campaign_modifiers: frozenset[str]
    perfect: tuple[str, frozenset[str]]
    state: tuple[str, frozenset[str]]
    past: tuple[str, frozenset[str]]
    event_noun: str
    absolute_preps: frozenset[str]
    local_feature_types: frozenset[str]
    bounded_campaigns: frozenset[str]
    report_day_marks: frozenset[str]
    cause: tuple[str, re.Pattern]
    below_total: tuple[str, float, frozenset[str]]
    below_total_partial: str
    since_then: tuple[str, re.Pattern, re.Pattern]
    reported_max_tier: int
    report_day_noun_deps: frozenset[str]
    months: dict[str, int]
    weekdays: tuple[str, ...]
    day_month_rx: re.Pattern
    month_day_rx: re.Pattern
    month_only_rx: re.Pattern
    year_only_rx: re.Pattern
    weekday_rx: re.Pattern
    ago_rx: re.Pattern
    ago_numbers: dict[str, int]
    ago_days: dict[str, int]
    relative_days: tuple[RelativeDay, ...]
    since_rx: re.Pattern
    hist_event: tuple[str, re.Pattern]
    hist_years_ago: tuple[str, re.Pattern]
    hist_dated: tuple[str, int]
    # claimants
    speech_verbs: frozenset[str]
    claimant_patterns: tuple[tuple[str, list], ...]
    claim_exclusions: frozenset[str]
    personal_pronouns: frozenset[str]
    person_pronouns: frozenset[str]
    relative_pronouns: frozenset[str]
    non_actors: frozenset[str]
    source_nouns: frozenset[str]
    owner_preps: frozenset[str]
    actors: tuple[Actor, ...]
    continuation: tuple[str, re.Pattern, int]
    temporal_marks: frozenset[str]
    speech_left_skip: frozenset[str]
    speech_left_id: str
    speech_participle_id: str
    background_adjacent: tuple[int, frozenset[str]]
    regex_preposition: re.Pattern
    regex_verb: re.Pattern
    # places
    place_labels: frozenset[str]
    locative_preps: frozenset[str]
    target_deps: frozenset[str]
    demonym_target_deps: frozenset[str]
    anaphora: tuple[str, frozenset[str], frozenset[str]]
    home_claimants: tuple[str, ...]
    place_background_marks: frozenset[str]
    resident_nouns: frozenset[str]
    previous_figure_sentences: int
    outside_preps: frozenset[str]
    outside_feature_types: frozenset[str]
    # known events
    known_events: tuple[KnownEvent, ...]
    other_event_kinds: frozenset[str]
    event_reference_nouns: frozenset[str]


def _load_json(name: str) -> dict:
    return json.loads((RULES_DIR / f"{name}.json").read_text(encoding="utf-8"))


def _invert(mapping: Mapping) -> dict[str, str]:
    return {str(w).lower(): key for key, words in mapping.items() for w in words}


def _substitute(pattern, lists: Mapping):
    """DependencyMatcher patterns may name a word list of the file ('$speech_verbs')."""
    if isinstance(pattern, str) and pattern.startswith("$"):
        return list(lists[pattern[1:]])
    if isinstance(pattern, Mapping):
        return {k: _substitute(pattern[k], lists) for k in pattern}
    if isinstance(pattern, Sequence) and not isinstance(pattern, str):
        return [_substitute(p, lists) for p in pattern]
    return pattern


def _compile(f: dict[str, Mapping]) -> Rules:  # noqa: PLR0915 - one reader per rule file, in file order
    nums, hedges, types, kinds = f["numbers"], f["hedges"], f["types"], f["kinds"]
    claims, victims, non, places = f["claimants"], f["victims"], f["noncasualty"], f["places"]
    outside = places["outside"]
    ranges = nums["ranges"]
    window = types["window"]
    events = kinds["events"]
    aspect = kinds["aspect"]
    dates = kinds["dates"]
    hist = kinds["historical"]
    ents = non["entity_labels"]
    inc, cum = events["incremental"], events["cumulative"]
    event_nouns = {w: ("incremental", inc["id"], inc["tier"]) for w in inc["nouns"]}
    event_nouns.update({w: ("cumulative", cum["id"], cum["tier"]) for w in cum["nouns"]})
    mods = types["killed_modifiers"]
    death = types["to_death"]
    age = non["age_apposition"]
    cont = claims["continuation"]
    fallback = claims["regex_fallback"]
    there = places["anaphora"]
    return Rules(
        number_words=tuple(nums["number_words"]),
        scale_after_digits=dict(nums["scale_after_digits"].items()),
        multipliers=dict(nums["multipliers"].items()),
        article_multiplier=dict(nums["article_multiplier"].items()),
        vague={
            v["pattern"]: Vague(v["id"], v["value"], bool(v.get("needs_of", False))) for v in nums["vague"]
        },
        range_joiners=tuple(ranges["joiners"]),
        range_between=tuple(ranges["between"]),
        range_between_joiners=tuple(ranges["between_joiners"]),
        stray_space_rx=re.compile(nums["stray_space_thousands"]["pattern"]),
        hedges=tuple(
            Hedge(h["id"], _rx(rf"\b(?:{_alternation(h['phrases'])})\s+$"), h["low"] == "n", h["high"] == "n")
            for h in hedges["hedges"]
        ),
        candidate_rx=_rx(types["candidate_pattern"]),
        noun_type=_invert(types["nouns"]),
        of_noun_type=dict(types["of_nouns"].items()),
        verb_type=_invert(types["verbs"]),
        intransitive_killed=_words(types["intransitive_killed"]),
        irregular_forms=dict(types["irregular_forms"].items()),
        ambiguous_verbs=dict(types["ambiguous_verbs"].items()),
        killed_modifier_words=_words(mods["words"]),
        killed_conjoined_verbs=_words(mods["conjoined_verbs"]),
        lose_verbs=_words(types["lose_lives"]["verbs"]),
        lives_objects=_words(types["lose_lives"]["objects"]),
        to_death=(death["preposition"], death["noun"], death["adjective"]),
        adj_type=_invert(types["adjectives"]),
        toll_words=_words(types["toll_words"]),
        count_nouns=_words(types["count_nouns"]["words"]),
        object_nouns=_words(types["object_nouns"]["words"]),
        resolution=tuple(
            (r["id"], r["to"], tuple(_rx(p) for p in r["when_any"]), tuple(_rx(p) for p in r["unless"]))
            for r in types["resolution"]
        ),
        person_object_verbs=_words(types["person_object_verbs"]["verbs"]),
        singular_strict_verbs=_words(types["person_object_verbs"]["singular_strict"]),
        people_words=_words(types["people_words"]),
        fatal_modifiers=_words(types["fatal_modifiers"]["words"]),
        subcount_including=_words(types["subcount"]["including"]),
        subcount_among=_words(types["subcount"]["among"]),
        particle_exclusions=_words(types["particle_exclusions"]["words"]),
        window_active_left=_rx(window["active_left"]),
        window_leave_verbs=_words(window["leave_verbs"]),
        window_life_or_dead=_rx(window["life_or_dead"]),
        window_passive_forms=_rx(window["passive_forms"]),
        window_form_types=tuple(window["form_types"].items()),
        window_skip=_words(window["skip_before_verb"]),
        window_aux=_words(window["auxiliaries"]),
        window_object_after=_rx(window["object_after"]),
        window_toll_left=_rx(window["toll_left"]),
        group_of={w.lower(): (g["group"], g["id"]) for g in victims["groups"] for w in g["words"]},
        person_nouns=_words(victims["person_nouns"]["words"]),
        not_persons=_words(victims["not_persons"]["words"]),
        singular_indefinite=_words(victims["singular_determiners"]["indefinite"]),
        singular_excluded=_words(victims["singular_determiners"]["excluded"]),
        non_nouns=_words(non["counted_nouns"]["words"]),
        non_nouns_id=non["counted_nouns"]["id"],
        left_non=tuple((r["id"], _rx(r["pattern"])) for r in non["left_context"]),
        right_non=tuple((r["id"], _rx(r["pattern"])) for r in non["right_context"]),
        year_rx=re.compile(non["year_pattern"]["pattern"]),
        year_id=non["year_pattern"]["id"],
        age_appos=(age["id"], re.compile(age["left"]), re.compile(age["right"])),
        non_entity_prefix=ents["id_prefix"],
        non_entity_labels=frozenset(ents["labels"]),
        non_entity_checked=frozenset(ents["checked_labels"]),
        date_word_rx=_rx(ents["date_word"]),
        month_before_rx=_rx(ents["month_before"]),
        kind_cues=tuple(
            KindCue(c["id"], c["kind"], c["tier"], _rx(c["pattern"]), c.get("scope", "")) for c in kinds["cues"]
        ),
        date_cue=(kinds["date_cue"]["id"], kinds["date_cue"]["kind"], kinds["date_cue"]["tier"]),
        event_nouns=event_nouns,
        event_verbs=_words(inc["verbs"]),
        event_verb_rule=("incremental", inc["id"], inc["tier"]),
        campaign_modifiers=_words(events["campaign_modifiers"]["words"]),
        perfect=(aspect["perfect"]["id"], _words(aspect["perfect"]["aux_lemmas"])),
        state=(aspect["state"]["id"], frozenset(aspect["state"]["present_tags"])),
        past=(aspect["past"]["id"], frozenset(aspect["past"]["past_tags"])),
        event_noun=aspect["event_noun"]["id"],
        absolute_preps=_words(aspect["absolute"]["preps"]),
        local_feature_types=frozenset(events["local"]["feature_types"]),
        bounded_campaigns=_words(cum["bounded"]),
        report_day_marks=_words(dates["report_day_excluded"]["marks"]),
        cause=(kinds["causes"]["id"], _rx(kinds["causes"]["pattern"])),
        below_total=(kinds["below_total"]["id"], kinds["below_total"]["share"],
                     frozenset(kinds["below_total"]["weak_rules"])),
        below_total_partial=kinds["below_total"]["partial_rule"],
        since_then=(kinds["since_then"]["id"], _rx(kinds["since_then"]["pattern"]),
                    _rx(kinds["since_then"]["previous"])),
        reported_max_tier=aspect["reported"]["max_tier"],
        report_day_noun_deps=frozenset(dates["report_day_excluded"]["noun_deps"]),
        months=dict(dates["months"].items()),
        weekdays=tuple(dates["weekdays"]),
        day_month_rx=_rx(dates["day_month"]),
        month_day_rx=_rx(dates["month_day"]),
        month_only_rx=_rx(dates["month_only"]),
        year_only_rx=_rx(dates["year_only"]),
        weekday_rx=_rx(dates["weekday"]),
        ago_rx=_rx(dates["ago"]),
        ago_numbers=dict(dates["ago_numbers"].items()),
        ago_days=dict(dates["ago_days"].items()),
        relative_days=tuple(
            RelativeDay(r["id"], _rx(r["pattern"]), r["start"], r["end"], r["report"]) for r in dates["relative"]
        ),
        since_rx=_rx(kinds["since"]["pattern"]),
        hist_event=(hist["events"]["id"], _rx(hist["events"]["pattern"])),
        hist_years_ago=(hist["years_ago"]["id"], _rx(hist["years_ago"]["pattern"])),
        hist_dated=(hist["dated"]["id"], hist["dated"]["max_days_before"]),
        speech_verbs=_words(claims["speech_verbs"]),
        claimant_patterns=tuple((p["id"], _substitute(p["pattern"], claims)) for p in claims["patterns"]),
        claim_exclusions=_words(claims["claim_exclusions"]["lemmas"]),
        personal_pronouns=_words(claims["pronouns"]["personal"]),
        person_pronouns=_words(claims["pronouns"]["persons"]),
        relative_pronouns=_words(claims["pronouns"]["relative"]),
        non_actors=_words(claims["non_actors"]["lemmas"]),
        source_nouns=_words(claims["source_nouns"]["lemmas"]),
        owner_preps=_words(claims["source_nouns"]["owner_preps"]),
        actors=tuple(
            Actor(a["id"], _words(a["heads"]), a.get("resolve", "template"), a.get("template", ""))
            for a in claims["generic_actors"]["kinds"]
        ),
        continuation=(cont["id"], _rx(cont["pattern"]), cont["max_sentences_back"]),
        temporal_marks=_words(claims["temporal_marks"]["words"]),
        speech_left_skip=_words(claims["subjectless_speech"]["skip"]),
        speech_left_id=claims["subjectless_speech"]["left_id"],
        speech_participle_id=claims["subjectless_speech"]["participle_id"],
        background_adjacent=(claims["background_adjacent"]["max_tokens"],
                             frozenset(claims["background_adjacent"]["patterns"])),
        regex_preposition=_rx(fallback["preposition"]),
        regex_verb=re.compile(fallback["verb"]),
        place_labels=frozenset(places["labels"]),
        locative_preps=_words(places["locative_preps"]),
        target_deps=frozenset(places["target_deps"]),
        demonym_target_deps=frozenset(places["demonym_targets"]["deps"]),
        anaphora=(there["id"], _words(there["words"]), _words(there["nouns"])),
        home_claimants=tuple(places["home_claimants"]["words"]),
        place_background_marks=_words(places["background_marks"]["words"]),
        resident_nouns=_words(places["resident_nouns"]["words"]),
        previous_figure_sentences=places["previous_figure"]["max_sentences_back"],
        outside_preps=_words(outside["preps"]),
        outside_feature_types=frozenset(outside["feature_types"]),
        known_events=tuple(
            KnownEvent(e["id"], e["place"], dt.date.fromisoformat(e["day"]), _words(e["actors"]), _words(e["words"]))
            for e in f["events"]["events"]
        ),
        other_event_kinds=_words(f["events"]["other_kinds"]["words"]),
        event_reference_nouns=_words(f["events"]["reference_nouns"]["words"]),
    )


_SEEN: set = set()
_RAW: dict = {}


@cache
def load_rules() -> Rules:
    raw = {name: _load_json(name) for name in RULE_FILES}
    _RAW.update(raw)
    return _compile({name: _Read(data, (name,), _SEEN) for name, data in raw.items()})


def unused_rule_entries() -> list[str]:
    """Entries of the rule files that no rule read (documentation keys aside)."""
    load_rules()
    return [
        "/".join(map(str, path)) for name, data in _RAW.items() for path in _leaves(data, (name,)) if path not in _SEEN
    ]
