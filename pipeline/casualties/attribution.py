"""Claimant (who gave the figure) and location (where), linked to mentions from the entity layer."""

from __future__ import annotations

import re
from collections import Counter

from .rules import Rules

PLACE_LABELS = {"GPE", "LOC", "FAC"}
_CLAIMANT_LABELS = {"ORG", "PERSON", "NORP", "GPE"}


def _np_span(head) -> tuple[int, int]:
    """Character span of a noun phrase: its subtree, cut at a comma, relative clause or apposition."""
    doc = head.doc
    start = head.left_edge.i
    end = head.i
    for t in doc[head.i + 1 : head.right_edge.i + 1]:
        if t.text in (",", "(", ";", "—", "–") or t.dep_ in ("relcl", "acl", "appos", "advcl"):
            break
        end = t.i
    while start < head.i and doc[start].is_punct:
        start += 1
    return doc[start].idx, doc[end].idx + len(doc[end])


def _is_ancestor(tok, of) -> bool:
    return of is not None and (tok.i == of.i or tok in of.ancestors)


def _in_background_clause(anchor, rules: Rules) -> bool:
    """Is the figure inside 'since/when/after ...' under the main clause (a background reference)?"""
    marks = set(rules.claimants["temporal_marks"]["words"])
    for t in [anchor, *anchor.ancestors]:
        if t.dep_ in ("advcl", "relcl", "pcomp", "pobj") and any(
            c.dep_ in ("mark", "advmod") and c.lower_ in marks for c in t.children
        ):
            return True
        if t.dep_ == "pcomp" and t.head.lower_ in marks:
            return True
    return False


def claimant_by_parse(doc, rules: Rules, anchor, fig_start: int = 0) -> tuple[int, int, str] | None:
    """(start, end, rule_id) of the claimant phrase in the sentence doc."""
    if anchor is not None and _in_background_clause(anchor, rules):
        return None
    if re.search(
        rules.claimants["temporal_marks"]["background_pattern"], doc.text[:fig_start], re.IGNORECASE
    ):
        return None
    cands = []
    pron = set(rules.claimants["pronouns"])
    excl = set(rules.claimants["claim_exclusions"]["objects"])
    speech = set(rules.claimants["speech_verbs"])
    for tok in doc:
        low = tok.lower_
        obj = None
        rid = None
        if low == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            obj = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
            rid = "claim:according_to"
        elif low == "per" and tok.dep_ == "prep":
            obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            rid = "claim:as_per" if tok.i > 0 and doc[tok.i - 1].lower_ == "as" else "claim:per"
        elif low in ("citing", "quoting"):
            obj = next((c for c in tok.children if c.dep_ in ("dobj", "pobj")), None)
            rid = f"claim:{low}"
        elif tok.pos_ == "VERB" and tok.lemma_.lower() in speech:
            if any(c.dep_ in ("dobj", "nsubj") and c.lemma_.lower() in excl for c in tok.children):
                continue
            obj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if obj is None:  # passive 'was reported by X'
                agent = next((c for c in tok.children if c.dep_ == "agent"), None)
                obj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
            rid = f"claim:verb:{tok.lemma_.lower()}"
        if obj is None or obj.lower_ in pron or obj.pos_ == "PRON":
            continue
        s, e = _np_span(obj)
        governs = _is_ancestor(tok, anchor)
        cands.append((0 if governs else 1, abs(tok.i - (anchor.i if anchor is not None else 0)), s, e, rid))
    if not cands:
        return None
    _, _, s, e, rid = min(cands)
    return s, e, rid


_RX_PREP = re.compile(r"\b(according to|as per|citing)\s+([^,.;:()]+)", re.IGNORECASE)
_RX_VERB = re.compile(
    r"((?:the\s+)?[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,5}?)\s+(?:said|says|reported|reports|told|announced)\b"
)


def claimant_by_regex(text: str) -> tuple[int, int, str] | None:
    m = _RX_PREP.search(text)
    if m:
        return m.start(2), m.end(2), "claim:" + m.group(1).lower().replace(" ", "_")
    m = _RX_VERB.search(text)
    if m:
        return m.start(1), m.end(1), "claim:verb"
    return None


def canonical_claimant(
    rules: Rules, claimant: str, sentence: str, body: str
) -> tuple[str, str | None] | None:
    """(canonical name, home place) from rules/claimants.json, or None."""
    for rule, rx, ctx, unless, unless_sentence in rules.canonical:
        if not rx.search(claimant) or (unless and unless.search(claimant)):
            continue
        if unless_sentence and unless_sentence.search(sentence):
            continue
        if ctx and not (ctx.search(claimant) or ctx.search(sentence) or ctx.search(body)):
            continue
        return rule["name"], rule.get("home")
    return None


def overlapping(mentions: list[dict], start: int, end: int, labels: set[str]) -> list[dict]:
    return [m for m in mentions if m["label"] in labels and m["start_char"] < end and start < m["end_char"]]


def resolve_claimant(
    rules: Rules, span: tuple[int, int] | None, body: str, sentence: str, mentions: list[dict]
) -> dict:
    out = {"claimant_text": None, "claimant_entity_id": None, "claimant_name": None, "home": None}
    if span is None:
        return out
    s, e = span
    text = body[s:e]
    out["claimant_text"] = text
    ms = overlapping(mentions, s, e, _CLAIMANT_LABELS)
    linked = [m for m in ms if m.get("entity_id")]
    canon = canonical_claimant(rules, text, sentence, body)
    if canon:
        out["home"] = canon[1]
    if linked:
        best = max(linked, key=lambda m: m["end_char"] - m["start_char"])
        out.update(claimant_entity_id=best["entity_id"], claimant_name=best["entity_name"])
    elif canon:
        out["claimant_name"] = canon[0]
    else:
        out["claimant_name"] = text
    return out


def _place(m: dict) -> dict:
    return {
        "location_text": m["text"],
        "location_entity_id": m.get("entity_id"),
        "location_name": m.get("entity_name") or m["text"],
    }


def resolve_location(
    sent: dict, fig_start: int, fig_end: int, mentions: list[dict], home: str | None
) -> dict:
    """Nearest place in the sentence; else the claimant's home place; else the latest place in earlier
    sentences; else the article's most frequent place."""
    places = [m for m in mentions if m["label"] in PLACE_LABELS]
    inside = [m for m in places if sent["start_char"] <= m["start_char"] < sent["end_char"]]
    if inside:

        def dist(m):
            return max(m["start_char"] - fig_end, fig_start - m["end_char"], 0)

        return _place(min(inside, key=dist))
    if home:
        same = [
            m
            for m in places
            if home.lower() in (m.get("entity_name") or "").lower() or m["text"].lower() == home.lower()
        ]
        if same:
            return {**_place(same[0]), "location_text": home}
        return {"location_text": home, "location_entity_id": None, "location_name": home}
    before = [m for m in places if m["end_char"] <= sent["start_char"]]
    if before:
        return _place(max(before, key=lambda m: m["start_char"]))
    if places:
        counts = Counter(m.get("entity_name") or m["text"] for m in places)
        name = counts.most_common(1)[0][0]
        return _place(next(m for m in places if (m.get("entity_name") or m["text"]) == name))
    return {"location_text": None, "location_entity_id": None, "location_name": None}
