"""Loaders for the rule data in pipeline/nlp/rules/ (patterns, aliases, trim words). Read once, cached."""

import csv
import json
from functools import lru_cache
from pathlib import Path

RULES_DIR = Path(__file__).parent / "rules"


def read_csv(name: str) -> list[dict]:
    with open(RULES_DIR / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@lru_cache(maxsize=1)
def entity_patterns() -> tuple[dict, ...]:
    """Ruler patterns: each line has id, label, pattern and (optional) canonical name."""
    with open(RULES_DIR / "entity_patterns.jsonl", encoding="utf-8") as f:
        rows = tuple(json.loads(line) for line in f if line.strip())
    missing = [r for r in rows if not r.get("id")]
    if missing:
        raise ValueError(f"entity patterns without id: {missing[:3]}")
    return rows


@lru_cache(maxsize=1)
def trim_words() -> dict[str, frozenset[str]]:
    with open(RULES_DIR / "trim_words.json", encoding="utf-8") as f:
        data = json.load(f)
    words = {k: frozenset(v) for k, v in data.items() if not k.startswith("_")}
    words["person_leading"] = words["leading_determiners"] | words["honorifics"]
    return words
