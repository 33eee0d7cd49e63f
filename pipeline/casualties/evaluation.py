"""Score extracted figures against the hand-labelled BBC dev set (../shared/data/labelled/bbc_figures).

Pure functions; scripts/evaluate.py runs the pipeline and prints. Conventions (documented in the README):

- Locating a gold figure: its quote is found in the parsed (cleaned) body, normalised the way cleaning
  normalises text; when it occurs more than once, the occurrence whose rank matches the rank of the gold
  paragraph (`sentence_index`, paragraphs of the raw text) among raw paragraphs holding the quote. The
  gold number is `number_text` inside the quote (word-bounded, first occurrence).
- A prediction matches a gold figure when it is in the same article, its span overlaps the gold number,
  the casualty type is the same, and its stated number agrees with the gold interval: gold low - 1 <=
  count_best <= gold high (open ends unbounded; the -1 because the labels code "more than N" as N + 1
  while the extractor keeps the stated N). One-to-one, nearest start first.
- Out of scope: predictions of singular victims with no number word (hedge 'singular': 'a woman was
  killed') are neither true nor false positives: the labels leave them out by convention. Every other
  unmatched prediction is a false positive (hostages held, populations, proportions included).
- Claimant: right when both are empty, or the names agree (case, 'the', possessives and honorifics
  ignored; a person's surname against the full name) or the gold's normalised label maps to the predicted
  canonical name (GOLD_CLAIMANT_NAMES; "Gaza health officials" are the ministry's officials).
- Place: scored where the gold names one; right when the words of the two names agree once qualifiers
  ("southern", "west of", "hospital", "refugee camp", ...) are dropped, or the gazetteer gives both the
  same canonical name, or the prediction is a place the gold description names ("Gaza" for "west of Gaza
  City", "Israel" for "Israel's northern border with Lebanon": right, if coarser), or a place inside a
  gold country (gazetteer country code: "Nahal Oz" for "Israel").
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.ingest.cleaning import normalise_text

_SPACES = re.compile(r"\s+")

# The labels normalise some claimants (README of the dev set); the pipeline's canonical names for them.
GOLD_CLAIMANT_NAMES = {
    "gaza health ministry": {"gaza ministry of health"},
    "gaza health officials": {"gaza ministry of health"},
    "israeli military": {"israel defense forces"},
    "israeli officials": {"israeli officials", "israel"},
}
_HONORIFICS = re.compile(r"^(?:mr|mrs|ms|dr|prof|sir|lord|gen|president|prime minister)\.?\s+", re.IGNORECASE)
_PLACE_QUALIFIERS = frozenset({
    "the", "of", "in", "near", "north", "south", "east", "west", "northern", "southern", "eastern", "western",
    "central", "al", "el", "hospital", "camp", "refugee", "border", "with", "s",
})


@dataclass(frozen=True)
class Gold:
    article_id: str
    start: int  # the number in the parsed body
    end: int
    row: dict


def normalise(text: str) -> str:
    return _SPACES.sub(" ", normalise_text(text)).strip()


def load_devset(directory: Path) -> tuple[list[str], list[dict]]:
    ids = (directory / "article_ids.txt").read_text(encoding="utf-8").split()
    rows = [json.loads(line) for line in (directory / "figures.jsonl").open(encoding="utf-8") if line.strip()]
    return ids, rows


def _occurrences(haystack: str, needle: str) -> list[int]:
    out, i = [], haystack.find(needle)
    while i >= 0:
        out.append(i)
        i = haystack.find(needle, i + 1)
    return out


def locate(body: str, raw_text: str, row: dict) -> tuple[int, int] | None:
    """(start, end) of the gold number in the parsed body, or None when the quote is not there."""
    quote = normalise(row["quote"])
    where = _occurrences(body, quote)
    if not where:
        return None
    paragraphs = [normalise(p) for p in raw_text.split("\n\n")]
    holding = [i for i, p in enumerate(paragraphs) if quote in p]
    rank = holding.index(row["sentence_index"]) if row["sentence_index"] in holding else 0
    q0 = where[min(rank, len(where) - 1)]
    m = re.search(rf"(?<!\w){re.escape(normalise(row['number_text']))}(?!\w)", quote, re.IGNORECASE)
    if m is None:
        return None
    return q0 + m.start(), q0 + m.end()


def count_agrees(pred: dict, gold: dict) -> bool:
    best, low, high = pred["count_best"], gold["count_low"], gold["count_high"]
    return (low is None or best >= low - 1) and (high is None or best <= high)


def match(preds: list[dict], golds: list[Gold]) -> list[tuple[int, int]]:
    """(prediction index, gold index) pairs, one-to-one."""
    pairs = []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            if (
                p["article_id"] == g.article_id
                and p["start_char"] < g.end
                and g.start < p["end_char"]
                and p["casualty_type"] == g.row["casualty_type"]
                and count_agrees(p, g.row)
            ):
                pairs.append((abs(p["start_char"] - g.start), pi, gi))
    taken_p, taken_g, out = set(), set(), []
    for _, pi, gi in sorted(pairs):
        if pi not in taken_p and gi not in taken_g:
            taken_p.add(pi)
            taken_g.add(gi)
            out.append((pi, gi))
    return sorted(out, key=lambda x: x[1])


def out_of_scope(pred: dict) -> bool:
    return pred["hedge"] == "singular"


def _name_key(name: str) -> str:
    name = re.sub(r"[’']s\b|[’']", "", name.lower())
    name = re.sub(r"^the\s+", "", name.strip())
    return _SPACES.sub(" ", _HONORIFICS.sub("", name)).strip()


def same_claimant(pred: dict, gold: dict, canonical: Callable[[str], str] = lambda s: s) -> bool:
    want = gold["claimant"]
    got = pred.get("claimant_name")
    if want is None or got is None:
        return want is None and got is None
    g, p = _name_key(want), _name_key(got)
    if g == p or p in GOLD_CLAIMANT_NAMES.get(g, ()) or _name_key(canonical(want)) == p:
        return True
    return " " not in g and p.endswith(" " + g)  # "Mr Biden" -> "Joe Biden"


def _place_words(name: str) -> frozenset[str]:
    words = re.findall(r"[a-z]+", name.lower())
    return frozenset(w for w in words if w not in _PLACE_QUALIFIERS)


def same_place(pred: dict, gold: dict, canonical: Callable[[str], str] = lambda s: s) -> bool:
    want, got = gold["location"], pred.get("location_name")
    if got is None:
        return False
    want_words, got_words = _place_words(want), _place_words(got)
    if want_words == got_words or canonical(want) == got or (got_words and got_words <= want_words):
        return True
    return _place_words(canonical(want)) == got_words or _in_country(got, canonical(want))


def _in_country(place: str, country: str) -> bool:
    """A place inside a gold place that is a whole country ('Nahal Oz' for 'Israel')."""
    from pipeline.nlp.gazetteer import lookup_place

    outer, inner = lookup_place(country), lookup_place(place)
    return bool(outer and inner and outer["feature_type"] == "country" and inner["feature_type"] != "country"
                and inner["country_code"] == outer["country_code"])


@dataclass
class DevScore:
    n_gold: int
    n_pred: int  # in scope
    tp: int
    kind_ok: int
    unknown: int
    claimant_ok: int
    place_n: int
    place_ok: int
    group_ok: int
    misses: list[str]

    @property
    def precision(self) -> float:
        return self.tp / max(self.n_pred, 1)

    @property
    def recall(self) -> float:
        return self.tp / max(self.n_gold, 1)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(
    preds: list[dict],
    golds: list[Gold],
    canonical: Callable[[str], str] = lambda s: s,
    group_of: Callable[[str | None], str | None] = lambda s: s,
) -> DevScore:
    """Figure P/R/F1 and, on matched figures, kind, claimant, place and victim-group accuracy."""
    scoped = [p for p in preds if not out_of_scope(p)]
    pairs = match(scoped, golds)
    matched_p = {pi for pi, _ in pairs}
    matched_g = {gi for _, gi in pairs}
    s = DevScore(len(golds), len(scoped), len(pairs), 0, 0, 0, 0, 0, 0, [])
    for pi, gi in pairs:
        p, g = scoped[pi], golds[gi].row
        s.kind_ok += p["figure_kind"] == g["figure_kind"]
        s.unknown += p["figure_kind"] == "unknown"
        c_ok = same_claimant(p, g, canonical)
        s.claimant_ok += c_ok
        s.group_ok += group_of(g["victim_group"]) == p["victim_group"]
        if g["location"] is not None:
            s.place_n += 1
            l_ok = same_place(p, g, canonical)
            s.place_ok += l_ok
        else:
            l_ok = True
        if p["figure_kind"] != g["figure_kind"] or not c_ok or not l_ok:
            s.misses.append(
                f"ATTR {g['id']} {g['number_text']!r}: kind {p['figure_kind']}/{g['figure_kind']} "
                f"({p['kind_rule']}), claimant {p.get('claimant_name')!r}/{g['claimant']!r}, "
                f"place {p.get('location_name')!r}/{g['location']!r} :: {g['quote'][:110]}"
            )
    for gi, g in enumerate(golds):
        if gi not in matched_g:
            s.misses.append(f"FN {g.row['id']} {g.row['number_text']!r} :: {g.row['quote'][:140]}")
    for pi, p in enumerate(scoped):
        if pi not in matched_p:
            s.misses.append(
                f"FP {p['article_id']} {p['figure_text']!r} {p['casualty_type']} ({p['rule_id']}) :: "
                f"{p['sentence_text'][:140]}"
            )
    return s
