"""The casualty rules are data: every entry of rules/*.json is read by the loader (documentation keys,
starting with '_', aside), and every rule id the code writes on a row comes from those files."""

from __future__ import annotations

import json

import pytest

from pipeline.casualties.rules import RULE_FILES, RULES_DIR, load_rules, unused_rule_entries


def test_every_rule_file_entry_is_used():
    assert unused_rule_entries() == []


def test_rule_files():
    assert RULE_FILES == (
        "claimants", "events", "hedges", "kinds", "noncasualty", "numbers", "places", "types", "victims")


@pytest.mark.parametrize("name", RULE_FILES)
def test_rule_ids_are_unique_within_a_list(name):
    data = json.loads((RULES_DIR / f"{name}.json").read_text(encoding="utf-8"))

    def lists(value):
        if isinstance(value, dict):
            for v in value.values():
                yield from lists(v)
        elif isinstance(value, list):
            yield value
            for v in value:
                yield from lists(v)

    for items in lists(data):
        ids = [x["id"] for x in items if isinstance(x, dict) and "id" in x]
        assert len(ids) == len(set(ids)), ids


def test_claimant_patterns_are_dependency_matcher_patterns():
    rules = load_rules()
    ids = [rid for rid, _ in rules.claimant_patterns]
    assert ids == ["claim:according_to", "claim:as_per", "claim:per", "claim:citing", "claim:verb", "claim:by"]
    for _, pattern in rules.claimant_patterns:
        assert pattern[0]["RIGHT_ID"] == "cue" and pattern[-1]["RIGHT_ID"] == "claimant"
    verb = dict(rules.claimant_patterns)["claim:verb"]
    assert sorted(verb[0]["RIGHT_ATTRS"]["LEMMA"]["IN"]) == sorted(rules.speech_verbs)


def test_no_word_lists_in_the_code():
    """Word lists live in rules/*.json: the extraction modules hold no set or list literal of five or more
    English words (spaCy's dependency labels and tags are grammar, not rules; evaluation.py holds the
    scorer's conventions, not the extractor's)."""
    import ast
    from pathlib import Path

    from spacy.glossary import GLOSSARY

    for module in sorted(Path(RULES_DIR).parent.glob("*.py")):
        if module.name == "evaluation.py":
            continue
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
                words = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
                         and e.value.isalpha() and e.value.islower() and e.value not in GLOSSARY]
                assert len(words) < 5, (module.name, node.lineno, words)


def test_every_compiled_rule_is_read_by_the_extractor():
    import dataclasses
    import re
    from pathlib import Path

    from pipeline.casualties.rules import Rules

    code = "".join(p.read_text(encoding="utf-8") for p in Path(RULES_DIR).parent.glob("*.py") if p.name != "rules.py")
    unread = [f.name for f in dataclasses.fields(Rules) if not re.search(rf"\.{f.name}\b", code)]
    assert unread == []
