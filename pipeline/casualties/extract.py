"""Casualty figures from articles: one row per figure stated, with provenance and the rules used.

Per candidate sentence (a cheap keyword prefilter): find number expressions (numbers.py) → drop
non-casualty numbers (noncasualty.py) → link each number to a casualty type through the parse, else word
windows (link.py) → singular victims ('killing a woman') → the figure's clause (clause.py) → kind, period
and scope (timing.py) → the known event it names (events.py) → claimant and place (attribution.py,
places.py). The candidate sentences of a whole batch of
articles are parsed in one parser.pipe call, without NER: the entity layer's mentions are set on each
sentence doc instead.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import cache

from spacy.util import filter_spans

from pipeline import settings
from pipeline.nlp.canonical import GAZA_MOH, GENERIC_MOH, health_ministry_in_context
from pipeline.nlp.gazetteer import lookup_place
from pipeline.nlp.model import PARSER_COMPONENTS, load_parser
from pipeline.warehouse.schema import column_names

from . import EXTRACTOR_VERSION
from .attribution import choose_cue, claimant_cues, regex_claim, resolve_claimant
from .candidates import is_candidate
from .clause import figure_scopes
from .context import ArticleContext, Claim, SentenceView
from .events import named_event
from .link import Link, link_by_parse, link_by_window, singular_victims
from .noncasualty import reject_reason
from .numbers import find_numbers
from .places import resolve_location
from .rules import Rules, load_rules
from .timing import event_day, figure_timing

_SUBCOUNTS = ("parse:subcount", "parse:among")  # their predicate is the whole figure's

# the casualty_figures columns an extracted row carries: all but ingest_date (derived from the migrations)
ROW_KEYS = tuple(name for name in column_names("casualty_figures") if name != "ingest_date")


@cache
def _tokenizer():
    import spacy

    return spacy.blank("en")


def _parse(parser, texts: list[str]) -> list:
    """Parse texts in one pipe call with only the components the rules read (never NER); a pipeline
    without a parser (the reading model) is swapped for pipeline.nlp.model.load_parser; None: tokens only."""
    if parser is None:
        return [_tokenizer()(t) for t in texts]
    if "parser" not in parser.pipe_names:
        parser = load_parser(settings.spacy_model())
    disable = [n for n in parser.pipe_names if n not in PARSER_COMPONENTS]
    return list(parser.pipe(texts, disable=disable, batch_size=256))


def _strip_soft_hyphens(text: str) -> tuple[str, list[int]]:
    """Text without U+00AD and, for each clean index, the original index (plus the end)."""
    if "\xad" not in text:
        return text, list(range(len(text) + 1))
    keep = [i for i, c in enumerate(text) if c != "\xad"]
    return "".join(text[i] for i in keep), keep + [len(text)]


def _sentence_mentions(mentions: list[dict], starts: list[int], sent: dict) -> list[dict]:
    i = bisect_left(starts, sent["start_char"])
    j = bisect_left(starts, sent["end_char"])
    return [m for m in mentions[i:j] if m["end_char"] <= sent["end_char"]]


def _set_entities(doc, view: SentenceView) -> None:
    """The entity layer's mentions as the sentence doc's entities (offsets shifted to the sentence)."""
    base = view.sentence["start_char"]
    clean_of = {o: i for i, o in enumerate(view.offs)} if len(view.offs) != len(doc.text) + 1 or any(
        i != o for i, o in enumerate(view.offs)) else None
    spans = []
    for m in view.mentions:
        s, e = m["start_char"] - base, m["end_char"] - base
        if clean_of is not None:
            s, e = clean_of.get(s), clean_of.get(e)
            if s is None or e is None:
                continue
        span = doc.char_span(s, e, label=m["label"], alignment_mode="expand")
        if span is not None and len(span):
            spans.append(span)
    doc.ents = filter_spans(spans)


@dataclass(frozen=True)
class _Found:
    start: int  # offsets in the sentence doc, hedge included
    end: int
    num_start: int
    num_end: int
    low: int | None
    best: int
    high: int | None
    hedge: str
    link: Link


def _antecedent(pronoun):
    """The noun a relative pronoun stands for: the head of its relative clause, or (the parser's other
    reading) the subject of the clause its clause hangs from."""
    for a in pronoun.ancestors:
        if a.dep_ == "relcl":
            return a.head
        if a.dep_ == "advcl":
            return next((c for c in a.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return None


def _partitive(tok):
    """'Of the 40 hostages, at least 10 are dead', '34 of whom are dead': the noun the count is part of."""
    for x in (tok, tok.head, *(c for c in tok.head.children if c.dep_ in ("acomp", "oprd"))):
        for c in x.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                noun = next((g for g in c.children if g.dep_ == "pobj"), None)
                if noun is not None and noun.tag_ in ("WP", "WDT"):  # 'of whom': the noun the clause is on
                    noun = _antecedent(noun)
                if noun is not None and noun.pos_ in ("NOUN", "PROPN"):
                    return noun
    return None


def _toll_noun(rules: Rules, tok):
    """The toll or count noun a number is the value of ('the number of ... now stands at 496')."""
    x = tok
    for _ in range(4):
        for c in x.children:
            lemma = c.lemma_.lower()
            counts = lemma in rules.toll_words or lemma in rules.count_nouns
            if counts and c.dep_ in ("nsubj", "dobj", "nsubjpass", "attr"):
                return c
        if x.head.i == x.i:
            return None
        x = x.head
    return None


def _victim_group(rules: Rules, text: str, expr_end: int, link: Link) -> tuple[str | None, str | None]:
    if link.head is not None:
        head = link.head
        if link.rule_id == "parse:toll":  # 'the number of medical workers killed ... stands at 496'
            head = _partitive(_toll_noun(rules, head) or head) or head
        elif head.pos_ == "NUM":
            head = _partitive(head) or head
        elif head.tag_ in ("WP", "WDT"):  # '20 of whom'
            head = _antecedent(head) or head
        mods = [c.lower_ for c in head.children if c.dep_ in ("compound", "amod") and c.i < head.i]
        words = [f"{w} {head.lower_}" for w in mods] + mods + [head.lower_, head.lemma_.lower()]
    else:
        words = [w.lower() for w in re.findall(r"[A-Za-z-]+", text[expr_end:])[:3]]
        words = [" ".join(words[:2])] + words[:2]
    for w in words:
        if w in rules.group_of:
            return rules.group_of[w]
    return None, None


def _resolve_type(rules: Rules, ctype: str, type_rule: str, sentence: str, claimant: str | None):
    if ctype != "casualties":
        return ctype, type_rule
    scope = f"{sentence} {claimant or ''}"
    for rid, to, when_any, unless in rules.resolution:
        if any(rx.search(scope) for rx in when_any) and not any(rx.search(scope) for rx in unless):
            return to, f"{type_rule}|{rid}"
    return ctype, type_rule


def _drop_breakdowns(found: list[_Found]) -> list[_Found]:
    """'Nine people, four teachers and five pupils, were killed': the parser makes the breakdown conjuncts
    of the total; when conjuncts of one predicate add up to the first figure, keep only the total."""
    drop = set()
    for f in found:
        head = f.link.head
        if head is None or head.dep_ == "conj" or f.link.pred is None:
            continue
        parts = [
            j
            for j, g in enumerate(found)
            if g.link.head is not None
            and g.link.head.dep_ == "conj"
            and g.link.pred is not None
            and g.link.pred.i == f.link.pred.i
            and head.i in {a.i for a in g.link.head.ancestors}
        ]
        if len(parts) > 1 and sum(found[j].best for j in parts) == f.best:
            drop.update(parts)
    return [f for i, f in enumerate(found) if i not in drop]


def _sentence_figures(rules: Rules, doc, clean: str) -> list[_Found]:
    """Every figure of one sentence doc, in doc offsets."""
    parsed = doc.has_annotation("DEP")
    ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents] if doc.ents else []
    found, used = [], set()
    for expr in find_numbers(clean):
        if reject_reason(clean, expr, rules, ents):
            continue
        link = link_by_parse(doc, expr, rules) if parsed else None
        link = link or link_by_window(clean, expr, rules)
        if link is None:
            continue
        span = doc.char_span(expr.start, expr.end, alignment_mode="expand")
        used.update(t.i for t in span or [])
        found.append(_Found(expr.start, expr.end, expr.num_start, expr.num_end, expr.low, expr.best, expr.high,
                            expr.hedge, link))
    found = _drop_breakdowns(found)
    for s, e, count, link in singular_victims(doc, rules, used):
        if any(s < f.end and f.start < e for f in found):
            continue
        found.append(_Found(s, e, s, e, count, count, count, "singular", link))
    return sorted(found, key=lambda f: f.start)


def _local(rules: Rules, view: SentenceView, scopes) -> bool:
    """Does the figure's own clause name a place narrower than a territory (a city, camp, hospital)?"""
    if scopes is None:
        return False
    own = {t.i for t in scopes.own}
    for ent in view.ents:
        if ent.label_ in rules.place_labels and ent.root.i in own:
            m = view.by_start.get(view.pos(ent.start_char))
            place = lookup_place(m.get("entity_name") or m["text"]) if m else None
            if place and place["feature_type"] in rules.local_feature_types:
                return True
    return False


def _continued(rules: Rules, view: SentenceView, ctx: ArticleContext) -> Claim:
    """A sentence that continues the previous one's report ('Of those, 12 were children') takes its claimant."""
    rid, rx, back = rules.continuation
    if not rx.match(view.sentence["text"]):
        return Claim()
    prev = ctx.previous_claim(view.sentence["sentence_idx"], back)
    if prev is None:
        return Claim()
    return Claim(prev.text, prev.start, prev.end, prev.name, prev.entity_id, rid, prev.actor, prev.label)


def _figure_rows(rules: Rules, article: dict, view: SentenceView, clean: str, ctx: ArticleContext):
    """(row, context) per figure of one sentence; records its claims and places in ctx."""
    doc, sent = view.doc, view.sentence
    parsed = doc.has_annotation("DEP")
    published = article["published_date"]
    figures = _sentence_figures(rules, doc, clean)
    cues = claimant_cues(doc, rules) if parsed and figures else []
    out, named = [], None
    for f in figures:
        link = f.link
        start, end = view.pos(f.start), view.pos(f.end - 1) + 1
        scopes = anchor = counted = None
        if parsed:
            num = doc.char_span(f.num_start, f.num_end, alignment_mode="expand")
            counted = link.head if link.head is not None else num[-1]
            anchor = link.pred if link.pred is not None and link.rule_id not in _SUBCOUNTS else counted
            scopes = figure_scopes(anchor, counted, rules.temporal_marks, link.pred)
            cue = choose_cue(cues, scopes, anchor, rules.background_adjacent, rules.temporal_marks)
            claim = resolve_claimant(cue, view, ctx, rules)
            if claim.name is None and not scopes.background:
                claim = _continued(rules, view, ctx)
        else:
            claim = regex_claim(clean, sent, ctx, rules, view.offs)
        ctype, type_rule = _resolve_type(rules, link.ctype, link.type_rule, clean, claim.text)
        event_root = None
        if scopes is not None:  # whose subtree holds the figure's own event words
            thing = anchor.lower_ in rules.object_nouns  # 'the bodies of 150 people had been buried'
            event_root = scopes.head if link.rule_id == "parse:noun" or thing else anchor
        timing = figure_timing(rules, clean, f.start, published, link.type_rule, scopes, anchor, link.pred,
                               event_root, link.rule_id == "parse:of_noun", _local(rules, view, scopes))
        event = named_event(rules, scopes, counted, published, timing["figure_kind"]) if scopes is not None else None
        if event is not None:  # 'when Hamas attacked communities near the border': that day
            timing = event_day(rules, timing, event.id, event.day, published)
        loc = resolve_location(view if parsed else None, scopes, anchor, sent, claim, ctx, rules, counted, event)
        if claim.name in (GAZA_MOH, GENERIC_MOH) and loc["location_name"]:  # 'in the city' of a West Bank story
            name = health_ministry_in_context(claim.text or "", None, ctx.mentions_gaza,
                                              f"{sent['text']} {loc['location_name']}")
            if name != claim.name:
                claim = replace(claim, name=name, entity_id=ctx.entity_id_of(name))
        group, group_rule = _victim_group(rules, clean, f.end, link)
        row = {
            "figure_id": f"{article['article_id']}-{start}-{ctype}",
            "article_id": article["article_id"],
            "sentence_idx": sent["sentence_idx"],
            "start_char": start,
            "end_char": end,
            "figure_text": article["body"][start:end],
            "sentence_text": sent["text"],
            "casualty_type": ctype,
            "type_rule": type_rule,
            "count_low": f.low,
            "count_best": f.best,
            "count_high": f.high,
            "hedge": f.hedge,
            **timing,
            "published_date": published,
            **claim.row(),
            **loc,
            "victim_group": group,
            "group_rule": group_rule,
            "rule_id": link.rule_id,
            "confidence": round(link.confidence - (0.1 if "->" in type_rule else 0.0), 2),
            "extractor_version": EXTRACTOR_VERSION,
        }
        context = {
            "pred_i": link.pred.i if link.pred is not None else None,
            "head_dep": link.head.dep_ if link.head is not None else None,
            "head_i": link.head.i if link.head is not None else None,
        }
        out.append(({k: row[k] for k in ROW_KEYS}, context))
        if loc["location_name"] and event is None:  # a known event's figure is a reference, not the story
            ctx.places.append((sent["sentence_idx"], {k: v for k, v in loc.items() if k != "location_rule"}))
        if claim.name:
            named = named or claim
            ctx.claims.append((sent["sentence_idx"], claim))
    if named is None and parsed:  # the sentence's own claimant, read only if a later pronoun asks
        ctx.pending[sent["sentence_idx"]] = lambda: _sentence_claim(rules, view, ctx, cues or None)
    return out


def _sentence_claim(rules: Rules, view: SentenceView, ctx: ArticleContext, cues: list | None) -> Claim:
    cues = cues if cues is not None else claimant_cues(view.doc, rules)
    if not cues:
        return Claim()
    root = next(t for t in view.doc if t.head.i == t.i)
    return resolve_claimant(choose_cue(cues, None, root), view, ctx, rules)


def _prepare(article: dict) -> tuple[list[dict], list[tuple[str, list[int]]]]:
    cands = [s for s in article["sentences"] if is_candidate(s["text"])]
    return cands, [_strip_soft_hyphens(s["text"]) for s in cands]


def _below_total(rules: Rules, rows: list[tuple[dict, dict]]) -> None:
    """In place: one source states one war-to-date total per article, so a 'running total' read only from
    aspect or a campaign word that is far under the same claimant's largest total of the same type and
    victims counts part of the war (an event or a period)."""
    rid, share, weak = rules.below_total
    worded = {c.id for c in rules.kind_cues if c.kind == "cumulative"}
    largest: dict[tuple, int] = {}
    for row, _ in rows:
        if row["figure_kind"] == "cumulative" and row["scope"] == "full" and row["claimant_name"]:
            key = (row["claimant_name"], row["casualty_type"], row["victim_group"])
            largest[key] = max(largest.get(key, 0), row["count_best"])
    for row, _ in rows:
        key = (row["claimant_name"], row["casualty_type"], row["victim_group"])
        if row["figure_kind"] != "cumulative" or row["scope"] != "full" or row["count_best"] >= share * largest.get(
                key, 0):
            continue
        if row["kind_rule"] in weak:
            row.update(figure_kind="incremental", kind_rule=rid, period_start=None, period_end=None)
        elif row["kind_rule"] in worded:  # 'the death toll had risen to 22' beside the war's 38,660
            row.update(scope="partial", scope_rule=rules.below_total_partial)


def _subcounts_follow(rules: Rules, rows: list[tuple[dict, dict]]) -> None:
    """In place: a sub-count ('including 14 children') has the kind and period of the figure it is part of,
    unless a cue of its own says otherwise ('including 82 in the past 24 hours')."""
    weak = rules.below_total[2] | {rules.past[0], rules.event_noun, "none"}
    wholes = {(r["sentence_idx"], c["pred_i"]): r for r, c in rows if r["rule_id"] not in _SUBCOUNTS}
    for row, ctx in rows:
        whole = wholes.get((row["sentence_idx"], ctx["pred_i"])) if row["rule_id"] in _SUBCOUNTS else None
        if whole is not None and row["kind_rule"] in weak:
            row.update({k: whole[k] for k in ("figure_kind", "kind_rule", "period_start", "period_end", "report_date")})


def _since_then(rules: Rules, rows: list[tuple[dict, dict]], sentences: list[dict]) -> None:
    """In place: 'Since then, 178 people have been killed' after a sentence about a truce that ended is a
    running total from then (scope partial)."""
    rid, here, before = rules.since_then
    text = {s["sentence_idx"]: s["text"] for s in sentences}
    for row, _ in rows:
        if (row["figure_kind"] == "cumulative" and row["scope"] == "full" and here.search(row["sentence_text"])
                and before.search(text.get(row["sentence_idx"] - 1, ""))):
            row.update(scope="partial", scope_rule=rid)


def _article_rows(rules: Rules, article: dict, cands, cleaned, docs) -> list[tuple[dict, dict]]:
    mentions = sorted(article["mentions"], key=lambda m: m["start_char"])
    starts = [m["start_char"] for m in mentions]
    ctx = ArticleContext(article["body"], mentions, "Gaza" in article["body"])
    out = []
    for sent, (clean, offs), doc in zip(cands, cleaned, docs, strict=True):
        sm = _sentence_mentions(mentions, starts, sent)
        view = SentenceView(doc, sent, offs, sm, {m["start_char"]: m for m in sm})
        _set_entities(doc, view)
        view = replace(view, ents=tuple(doc.ents))
        out.extend(_figure_rows(rules, article, view, clean, ctx))
    _since_then(rules, out, article["sentences"])
    _below_total(rules, out)
    _subcounts_follow(rules, out)
    return out


def extract_batch_with_context(articles: list[dict], parser) -> list[tuple[dict, dict]]:
    """Rows plus per-row parse context (predicate token index, counted-noun dependency) for article-level
    rules such as the WAD evaluation's sums."""
    rules = load_rules()
    prepared = [(a, *_prepare(a)) for a in articles]
    docs = iter(_parse(parser, [clean for _, _, cleaned in prepared for clean, _ in cleaned]))
    out = []
    for article, cands, cleaned in prepared:
        out.extend(_article_rows(rules, article, cands, cleaned, [next(docs) for _ in cands]))
    return out


def extract_batch(articles: list[dict], parser) -> list[dict]:
    """Casualty figure rows (ROW_KEYS: the casualty_figures columns but ingest_date) of a batch of articles,
    each a dict with article_id, body, published_date, sentences and mentions (as the tables store them).
    The candidate sentences of all articles are parsed in one parser.pipe call; parser None reads
    with word windows only."""
    return [row for row, _ in extract_batch_with_context(articles, parser)]


def extract_article_figures(
    *,
    article_id: str,
    body: str,
    published_date: dt.date | None,
    sentences: list[dict],
    mentions: list[dict],
    nlp,
) -> list[dict]:
    """One article (a thin wrapper of extract_batch)."""
    article = {"article_id": article_id, "body": body, "published_date": published_date, "sentences": sentences,
               "mentions": mentions}
    return extract_batch([article], nlp)
