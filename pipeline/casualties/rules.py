"""Load the rule data in rules/*.json once and compile its patterns."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

RULES_DIR = Path(__file__).parent / "rules"


def _load(name: str) -> dict:
    return json.loads((RULES_DIR / f"{name}.json").read_text(encoding="utf-8"))


def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


@dataclass(frozen=True)
class Rules:
    numbers: dict
    hedges: dict
    types: dict
    kinds: dict
    claimants: dict
    victims: dict
    noncasualty: dict
    # derived lookups
    noun_type: dict[str, str]
    verb_type: dict[str, str]
    adj_type: dict[str, str]
    group_of: dict[str, tuple[str, str]]
    person_nouns: frozenset[str]
    non_nouns: frozenset[str]
    candidate_rx: re.Pattern
    kind_cues: tuple[tuple[str, str, re.Pattern, int], ...]
    date_cues: tuple[tuple[dict, re.Pattern], ...]
    since_rx: re.Pattern
    since_weekday_rx: re.Pattern
    left_non: tuple[tuple[str, re.Pattern], ...]
    right_non: tuple[tuple[str, re.Pattern], ...]
    year_rx: re.Pattern
    canonical: tuple[tuple[dict, re.Pattern, re.Pattern | None, re.Pattern | None, re.Pattern | None], ...]
    resolution: tuple[tuple[dict, tuple[re.Pattern, ...], tuple[re.Pattern, ...]], ...]


def _invert(mapping: dict[str, list[str]]) -> dict[str, str]:
    return {word: key for key, words in mapping.items() if not key.startswith("_") for word in words}


@cache
def load_rules() -> Rules:
    numbers, hedges, types = _load("numbers"), _load("hedges"), _load("types")
    kinds, claimants, victims, non = (
        _load("kinds"),
        _load("claimants"),
        _load("victims"),
        _load("noncasualty"),
    )
    group_of = {w: (g["group"], g["id"]) for g in victims["groups"] for w in g["words"]}
    canonical = tuple(
        (
            c,
            _rx(c["pattern"]),
            _rx(c["context"]) if c.get("context") else None,
            _rx(c["unless"]) if c.get("unless") else None,
            _rx(c["unless_sentence"]) if c.get("unless_sentence") else None,
        )
        for c in claimants["canonical"]
    )
    resolution = tuple(
        (r, tuple(_rx(p) for p in r["when_any"]), tuple(_rx(p) for p in r.get("unless", [])))
        for r in types["resolution"]
    )
    return Rules(
        numbers=numbers,
        hedges=hedges,
        types=types,
        kinds=kinds,
        claimants=claimants,
        victims=victims,
        noncasualty=non,
        noun_type=_invert(types["nouns"]),
        verb_type=_invert(types["verbs"]),
        adj_type=_invert(types["adjectives"]),
        group_of=group_of,
        person_nouns=frozenset(victims["person_nouns"]["words"]),
        non_nouns=frozenset(non["counted_nouns"]["words"]),
        candidate_rx=_rx(types["candidate_pattern"]),
        kind_cues=tuple((c["id"], c["kind"], _rx(c["pattern"]), c["tier"]) for c in kinds["kind_cues"]),
        date_cues=tuple((c, _rx(c["pattern"])) for c in kinds["date_cues"]),
        since_rx=_rx(kinds["since_pattern"]),
        since_weekday_rx=_rx(kinds["since_weekday_pattern"]),
        left_non=tuple((r["id"], _rx(r["pattern"])) for r in non["left_context"]),
        right_non=tuple((r["id"], _rx(r["pattern"])) for r in non["right_context"]),
        year_rx=re.compile(non["year_pattern"]["pattern"]),
        canonical=canonical,
        resolution=resolution,
    )
