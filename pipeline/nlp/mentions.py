"""Doc -> sentence rows and mention rows (plain dicts, ready for a Polars frame).

Offsets are character offsets into doc.text, and every mention satisfies
doc.text[start_char:end_char] == text: spans are only ever trimmed at token boundaries.
"""

import re
from bisect import bisect_right

from spacy.tokens import Doc, Span

from pipeline.nlp.canonical import (
    GENERIC_HEALTH_MINISTRY,
    NUMERIC_LABELS,
    canonicalize,
    entity_id_for,
    health_ministry_name,
    resolve_short_forms,
)
from pipeline.nlp.rules import trim_words

# A sentence piece: one line, without surrounding whitespace.
_LINE_PIECE = re.compile(r"\S(?:[^\n]*\S)?")
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})


def _sentences(doc: Doc, text: str, ents: tuple[Span, ...]) -> list[tuple[int, int]]:
    """(start_char, end_char) of senter sentences, split at line breaks and stripped of whitespace.

    A boundary inside an entity is the senter's mistake ("Al" | "-Shifa has been…"): those sentences are
    merged, so every mention lies inside one sentence."""
    out: list[tuple[int, int]] = []
    for sent in doc.sents:
        out.extend(m.span() for m in _LINE_PIECE.finditer(text, sent.start_char, sent.end_char))
    starts = [start for start, _ in out]
    split = set()
    for ent in ents:
        i = bisect_right(starts, ent.start_char)
        while i < len(starts) and starts[i] < ent.end_char:
            split.add(i)
            i += 1
    for i in sorted(split, reverse=True):
        out[i - 1] = (out[i - 1][0], out[i][1])
        del out[i]
    return out


def _cut_lines(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Keep the first line of a span without edge whitespace tokens (entities never cross paragraphs;
    sentences are split there)."""
    while start < end and doc[start].is_space:
        start += 1
    for i in range(start, end):
        if "\n" in doc[i].text:
            end = i
            break
        if "\n" in doc[i].whitespace_:
            end = i + 1
            break
    while end > start and doc[end - 1].is_space:
        end -= 1
    return start, end


def _trim(doc: Doc, start: int, end: int, label: str) -> tuple[int, int]:
    """Token range without leading determiners/honorifics, trailing possessives/punctuation and
    headline words glued on by title casing ("US Pushes" -> "US", "UN Warns of Famine" -> "UN");
    cut at a line break."""
    words = trim_words()
    start, end = _cut_lines(doc, start, end)
    for i in range(start, end):
        tok = doc[i]
        if tok.like_url or tok.like_email:
            return start, start  # "HaveYourSay@bbc.co.uk" is not a name
        if tok.text == "(" and ")" not in doc[i:end].text:
            end = i  # unclosed bracket: "World Health Organization (WHO"
            break
    verbs = words["headline_verbs"]
    for i in range(start + 1, end):
        if doc[i].is_title and doc[i].lower_ in verbs:
            end = i
            break
    lead = words["person_leading"] if label == "PERSON" else words["leading_determiners"]
    while end - start > 1 and (doc[start].is_punct or doc[start].lower_.rstrip(".") in lead):
        start += 1
    while end - start > 1:
        last = doc[end - 1]
        glued = last.is_title and last.lower_ in words["headline_trailing"]
        if not (glued or last.is_punct or last.lower_ in _POSSESSIVE):
            break
        end -= 1
    return start, end


def _qualifier(doc: Doc, start: int) -> str | None:
    """Capitalised words right before a token (skipping a possessive): "Syria's" / "Lebanese" / "West Bank"."""
    j = start - 1
    if j >= 0 and doc[j].lower_ in _POSSESSIVE:
        j -= 1
    if j < 0 or not (doc[j].is_title or doc[j].is_upper):
        return None
    if j >= 1 and doc[j - 1].is_title and doc[j - 1].lower_ not in trim_words()["leading_determiners"]:
        return doc[j - 1 : j + 1].text
    return doc[j].text


def doc_mentions(doc: Doc, article_id: str, text: str | None = None) -> tuple[list[dict], list[dict]]:
    """(sentences, mentions) for one processed article; see module docstring for the offset invariant. `text`: the
    text the doc was made from, when the caller has it: the same as doc.text, which spaCy rebuilds token by token.
    Character offsets and texts come from it, not from token objects: this runs on every article, beside spaCy."""
    text = doc.text if text is None else text
    ents = doc.ents
    spans = _sentences(doc, text, ents)
    starts = [s for s, _ in spans]
    sentences = [
        {"article_id": article_id, "sentence_idx": i, "start_char": s, "end_char": e, "text": text[s:e]}
        for i, (s, e) in enumerate(spans)
    ]
    mentions_gaza = "Gaza" in text
    mentions = []
    for ent in ents:
        label = ent.label_
        numeric = label in NUMERIC_LABELS
        start, end = _cut_lines(doc, ent.start, ent.end) if numeric else _trim(doc, ent.start, ent.end, label)
        if end <= start:
            continue
        span = doc[start:end]
        start_char, end_char = span.start_char, span.end_char
        if numeric:
            name, rule = None, "model"
        else:
            surface = text[start_char:end_char]
            if not ent.ent_id_ and surface.islower():
                continue  # all-lower-case model spans are URL or tagging debris ("uk" in "bbc.co.uk")
            resolved = canonicalize(surface, label, ent.ent_id_)
            if resolved is None:
                continue
            name, label, rule = resolved
            if rule == GENERIC_HEALTH_MINISTRY:
                name, rule = health_ministry_name(_qualifier(doc, start), mentions_gaza)
        idx = max(bisect_right(starts, start_char) - 1, 0)
        s_start, s_end = spans[idx] if spans else (0, len(text))
        mentions.append({
            "mention_id": f"{article_id}-{start_char}",
            "article_id": article_id,
            "entity_id": None,
            "entity_name": name,
            "label": label,
            "text": text[start_char:end_char],
            "start_char": start_char,
            "end_char": end_char,
            "sentence_idx": idx,
            "sentence_start": s_start,
            "sentence_end": s_end,
            "rule": rule,
        })
    resolve_short_forms(mentions)
    for m in mentions:
        if m["entity_name"] is not None:
            m["entity_id"] = entity_id_for(m["label"], m["entity_name"])
    return sentences, mentions
