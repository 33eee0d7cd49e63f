"""Claimant (who gave the figure) and location (where it happened), linked to the entity layer's mentions.

Claimant cues are spaCy DependencyMatcher patterns (rules/claimants.json); the phrase they point at is
read as an actor: a named organisation, person or government (its mention's entity), a generic body
('the army', 'health officials', 'officials in Gaza') named from its qualifier or the article, a pronoun
resolved to the previous sentences' claimant, or nothing (the article itself, a nationality, a place
that is not a government). Canonical names come from pipeline.nlp.canonical, the one place that names
entities. Places: see rules/places.json.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.matcher import DependencyMatcher

from pipeline.nlp.canonical import (
    canonicalize,
    demonym_of,
    health_ministry_in_context,
    place_named_in,
    place_of_demonym,
)
from pipeline.nlp.gazetteer import lookup_place

from .clause import Scopes
from .rules import Rules

_ACTOR_LABELS = ("ORG", "PERSON")
_NP_DEPS = frozenset({"det", "amod", "compound", "poss", "nmod", "case", "nummod", "quantmod", "punct"})
_MATCHERS: dict[int, tuple] = {}


@dataclass
class Claim:
    text: str | None = None
    start: int | None = None  # body offsets of the phrase
    end: int | None = None
    name: str | None = None
    entity_id: str | None = None
    rule: str | None = None
    actor: str | None = None  # generic actor kind that named it ('actor:military'), for context
    label: str | None = None  # PERSON / ORG / GPE, for pronouns

    def row(self) -> dict:
        return {"claimant_text": self.text, "claimant_entity_id": self.entity_id, "claimant_name": self.name,
                "claimant_rule": self.rule}


@dataclass(frozen=True)
class SentenceView:
    """One parsed sentence: its doc, its row, the map from doc offsets to body offsets, its mentions."""

    doc: object
    sentence: dict
    offs: list[int]  # doc char index -> sentence char index (soft hyphens removed from the doc text)
    mentions: list[dict]  # the entity layer's mentions inside the sentence, body offsets
    by_start: dict[int, dict]
    ents: tuple = ()  # the doc's entity spans (set from the mentions)

    def pos(self, char: int) -> int:
        """Body offset of a doc character offset."""
        return self.sentence["start_char"] + self.offs[char]

    def span(self, toks) -> tuple[int, int]:
        return self.pos(toks[0].idx), self.pos(toks[-1].idx + len(toks[-1].text) - 1) + 1

    def mention_at(self, tok, labels) -> dict | None:
        pos = self.pos(tok.idx)
        return next((m for m in self.mentions if m["label"] in labels and m["start_char"] <= pos < m["end_char"]),
                    None)


@dataclass
class ArticleContext:
    """What earlier sentences of the article said: claims and places, for pronouns, 'the army', 'there'."""

    body: str
    mentions: list[dict]
    mentions_gaza: bool
    claims: list[tuple[int, Claim]] = field(default_factory=list)  # (sentence_idx, claim)
    places: list[tuple[int, dict]] = field(default_factory=list)  # (sentence_idx, location row)
    pending: dict[int, Callable[[], Claim]] = field(default_factory=dict)  # sentence claims, read if asked

    def entity_id_of(self, name: str | None) -> str | None:
        return next((m["entity_id"] for m in self.mentions if m.get("entity_name") == name and m.get("entity_id")),
                    None)

    def previous_claim(self, sentence_idx: int, back: int, label: str | None = None) -> Claim | None:
        for idx in [i for i in self.pending if sentence_idx - back <= i < sentence_idx]:
            claim = self.pending.pop(idx)()
            if claim.name:
                self.claims.append((idx, claim))
                self.claims.sort(key=lambda c: c[0])
        for idx, claim in reversed(self.claims):
            if idx < sentence_idx - back:
                break
            if idx < sentence_idx and claim.name and (label is None or claim.label == label):
                return claim
        return None


def _matcher(vocab, rules: Rules) -> DependencyMatcher:
    cached = _MATCHERS.get(id(vocab))
    if cached is None or cached[0] is not vocab:
        m = DependencyMatcher(vocab)
        for rid, pattern in rules.claimant_patterns:
            m.add(rid, [pattern])
        cached = _MATCHERS[id(vocab)] = (vocab, m)
    return cached[1]


def claimant_cues(doc, rules: Rules) -> list[tuple]:
    """(cue token, claimant token, rule id) for every attribution in the sentence; for one claimant the
    most specific pattern ('as per' over 'per')."""
    best: dict[int, tuple] = {}
    for match_id, ids in _matcher(doc.vocab, rules)(doc):
        rid = doc.vocab.strings[match_id]
        cue, claimant = doc[ids[0]], doc[ids[-1]]
        if rid == "claim:verb" or rid == "claim:by":
            if any(c.dep_ in ("dobj", "nsubj") and c.lemma_.lower() in rules.claim_exclusions for c in cue.children):
                continue  # 'claimed ten lives'
            rid = f"{rid}:{cue.lemma_.lower()}" if rid == "claim:verb" else rid
        if claimant.i not in best or len(ids) > best[claimant.i][3]:
            best[claimant.i] = (cue, claimant, rid, len(ids))
    cues = {b[0].i for b in best.values()}
    speech = {doc.vocab.strings[w] for w in rules.speech_verbs}
    for i in (i for i, lemma in enumerate(doc.to_array("LEMMA")) if lemma in speech and i not in cues):
        t = doc[i]
        if t.pos_ == "VERB":
            hit = _subjectless(t, rules)
            if hit is not None and hit.i not in best:
                rid = rules.speech_participle_id if t.tag_ == "VBG" else rules.speech_left_id
                best[hit.i] = (t, hit, f"{rid}:{t.lemma_.lower()}", 0)
    return [b[:3] for b in best.values()]


def _subjectless(verb, rules: Rules):
    """The speaker of a speech verb the parser left without a subject: 'saying that ...' takes the subject
    of the clause it continues; ', the ministry there says' the noun phrase right before it."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "agent") for c in verb.children):
        return None
    if any(c.dep_ == "dobj" and c.lemma_.lower() in rules.claim_exclusions for c in verb.children):
        return None
    if verb.tag_ == "VBG":
        if verb.dep_ not in ("advcl", "xcomp", "conj") or verb.head.i == verb.i:
            return None
        return next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    j = verb.i - 1
    while j >= 0 and (verb.doc[j].lower_ in rules.speech_left_skip or verb.doc[j].dep_ == "advmod"):
        j -= 1
    if j < 0 or verb.doc[j].pos_ not in ("NOUN", "PROPN") or verb.doc[j].dep_ in ("dobj", "pobj", "nsubjpass"):
        return None
    return verb.doc[j]


def _governs(tok, of) -> bool:
    return of is not None and (tok.i == of.i or tok in of.ancestors)


def _in_other_statement(cue, anchor, marks: frozenset[str]) -> bool:
    """Is the cue inside a 'while/when/since' clause that does not hold the figure ('..., while health
    officials say 900 died')?"""
    ancestors = {a.i for a in anchor.ancestors} | {anchor.i}
    for t in (cue, *cue.ancestors):
        if t.i in ancestors:
            return False
        if any(c.dep_ in ("mark", "advmod") and c.lower_ in marks for c in t.children):
            return True
    return False


def choose_cue(cues: list[tuple], scopes: Scopes | None, anchor, adjacent: tuple = (0, frozenset()),
               marks: frozenset[str] = frozenset()) -> tuple | None:
    """The cue that governs the figure, else the nearest; for a figure in a background clause only a cue
    inside it, or a prepositional one right after it (`adjacent`: max tokens, pattern ids); a cue in
    another statement ('while X says') comes last."""
    if anchor is None:
        return min(cues, key=lambda c: c[0].i, default=None)
    own = {t.i for t in scopes.own} if scopes is not None else set()
    ranked = []
    for cue, claimant, rid in cues:
        other = _in_other_statement(cue, anchor, marks)
        inside = cue.i in own and not other
        first = min(cue.i, claimant.i)
        after = scopes is not None and 0 < first - scopes.end <= adjacent[0] + 1 and rid in adjacent[1]
        if scopes is not None and scopes.background and not (inside or after):
            continue
        rank = 2 if other else 0 if _governs(cue, anchor) or inside else 1
        ranked.append((rank, abs(cue.i - anchor.i), cue.i, (cue, claimant, rid)))
    return min(ranked)[3] if ranked else None


def _np_tokens(head) -> list:
    """The claimant phrase: the head with its modifiers before it, and 'in/of X' after it."""
    toks = [head]
    for c in head.children:
        before = c.i < head.i and c.dep_ in _NP_DEPS
        if before or (c.i > head.i and c.dep_ == "prep" and c.lower_ in ("in", "of", "for")):
            toks.extend(c.subtree)
    toks = sorted({t.i: t for t in toks}.values(), key=lambda t: t.i)
    while len(toks) > 1 and toks[0].is_punct:
        toks = toks[1:]
    while len(toks) > 1 and toks[-1].is_punct:
        toks = toks[:-1]
    return toks


def _qualifier_place(np_toks, head, view: SentenceView, rules: Rules) -> tuple[str | None, str | None]:
    """(qualifier as written, place) of a generic actor phrase: 'Israeli military', 'officials in Gaza',
    'Gaza's health officials'."""
    for t in np_toks:
        if t.i == head.i:
            continue
        m = view.mention_at(t, rules.place_labels | {"NORP"})
        if m is None:
            continue
        name = m.get("entity_name") or m["text"]
        place = place_of_demonym(m["text"]) or place_of_demonym(name) or name
        return m["text"], place
    return None, None


def _owner(head, view: SentenceView) -> dict | None:
    """An organisation or person named in the phrase's own modifiers ('IDF spokesman', 'the WHO's chief',
    'a spokesman for the Red Crescent'), not in a place phrase after it ('officials in the Hamas-run
    territory')."""
    for c in head.children:
        if (c.dep_ in ("compound", "poss") and c.i < head.i) or (c.dep_ == "prep" and c.lower_ == "for"):
            for t in c.subtree:
                m = view.mention_at(t, _ACTOR_LABELS)
                if m is not None and m.get("entity_name"):
                    return m
    return None


def _generic_actor(head, np_toks, rules: Rules):
    words = {head.lemma_.lower(), head.lower_}
    compound = [c.lower_ for c in head.children if c.dep_ in ("compound", "amod") and c.i < head.i]
    phrases = {f"{c} {w}" for c in compound for w in words} | words
    for actor in rules.actors:
        if phrases & actor.heads:
            return actor
    return None


def _adjective(place: str) -> str:
    p = lookup_place(place)
    return demonym_of(place) if p and p["feature_type"] == "country" else place


def resolve_claimant(cue: tuple | None, view: SentenceView, ctx: ArticleContext, rules: Rules) -> Claim:
    """The claimant of a cue (cue token, claimant token, rule id) as a Claim with canonical name."""
    if cue is None:
        return Claim()
    cue_tok, tok, rid = cue
    sentence = view.sentence
    sidx = sentence["sentence_idx"]
    if tok.lower_ in rules.relative_pronouns and cue_tok.dep_ == "relcl":
        tok, rid = cue_tok.head, f"{rid}:relative"  # 'the ministry, which said'
    low = tok.lower_
    if low in rules.personal_pronouns or tok.pos_ == "PRON":
        label = "PERSON" if low in rules.person_pronouns else None
        prev = ctx.previous_claim(sidx, 2, label) or _mention_claim(ctx, sidx, label)
        if prev is None:
            return Claim()
        return Claim(prev.text, prev.start, prev.end, prev.name, prev.entity_id, f"{rid}:pronoun", prev.actor,
                     prev.label)
    if tok.lemma_.lower() in rules.non_actors or low in rules.non_actors:
        return Claim()
    if tok.lemma_.lower() in rules.source_nouns:  # 'figures from the ministry', 'the ministry's data'
        mods = [c for c in tok.children if c.dep_ in ("poss", "compound") and c.i < tok.i]
        owner = max(mods, key=lambda c: c.i) if mods else None  # 'the Hamas-run health ministry figures'
        owner = owner or next(
            (g for c in tok.children if c.dep_ == "prep" and c.lower_ in rules.owner_preps
             for g in c.children if g.dep_ == "pobj"), None)
        if owner is None:  # 'Israeli tallies': the country whose figures they are
            nation = next((view.mention_at(c, ("NORP", "GPE")) for c in tok.children if c.dep_ in ("amod", "compound")
                           and view.mention_at(c, ("NORP", "GPE"))), None)
            place = (place_of_demonym(nation["text"]) or nation.get("entity_name")) if nation else None
            if not place:
                return Claim()
            start, end = view.span(_np_tokens(tok))
            hit = next((m for m in ctx.mentions if m.get("entity_name") == place and m["label"] == "GPE"), None)
            return Claim(ctx.body[start:end], start, end, place, hit.get("entity_id") if hit else None,
                         f"{rid}:source", None, "GPE")
        tok, rid = owner, f"{rid}:source"
    np_toks = _np_tokens(tok)
    start, end = view.span(np_toks)
    text = ctx.body[start:end]
    claim = Claim(text, start, end, rule=rid)
    m = view.mention_at(tok, (*_ACTOR_LABELS, "GPE", "NORP"))
    if m is not None and m["label"] in _ACTOR_LABELS and m.get("entity_name"):
        name = m["entity_name"]
        actor = _generic_actor(tok, np_toks, rules)
        if actor is not None and actor.resolve == "health_ministry":  # whose ministry: its sentence decides
            qualifier, _ = _qualifier_place(np_toks, tok, view, rules)
            name = health_ministry_in_context(text, qualifier, ctx.mentions_gaza, sentence["text"])
        claim.name, claim.label = name, m["label"]
        claim.entity_id = ctx.entity_id_of(name)
        return claim
    if m is not None and m["label"] == "GPE":
        place = lookup_place(m.get("entity_name") or m["text"])
        if place and place["feature_type"] == "country":  # 'Israel says': the government
            claim.name, claim.label, claim.entity_id = m["entity_name"], "GPE", m.get("entity_id")
            return claim
    actor = _generic_actor(tok, np_toks, rules) if m is None or m["label"] != "NORP" else None
    owner = _owner(tok, view)
    if owner is not None and (actor is None or actor.resolve != "health_ministry"):
        # the named body the phrase speaks for: 'an IDF spokesman', 'the WHO's chief'
        claim.name, claim.label, claim.entity_id = owner["entity_name"], owner["label"], owner.get("entity_id")
        claim.rule = f"{rid}:owner"
        return claim
    if m is not None and m["label"] in ("NORP", "GPE") and actor is None:
        actor = next(a for a in rules.actors if a.id == "actor:officials")  # 'the Israelis say', 'Gaza said'
    if actor is not None:
        claim.actor, claim.rule = actor.id, f"{rid}|{actor.id}"
        qualifier, place = _qualifier_place(np_toks, tok, view, rules)
        if place is None and m is not None:
            place = place_of_demonym(m["text"]) or m.get("entity_name") or m["text"]
        if actor.resolve == "health_ministry":
            claim.name = health_ministry_in_context(text, qualifier, ctx.mentions_gaza, sentence["text"])
        elif actor.resolve == "latest_organisation":
            org = next((m for m in reversed(ctx.mentions) if m["label"] == "ORG" and m["start_char"] < start
                        and m.get("entity_name")), None)
            claim.name = org["entity_name"] if org else _plain(np_toks)
        elif place is not None:
            claim.name = canonicalize(actor.template.format(demonym=_adjective(place)), "ORG")[0]
        else:
            prev = next((c for _, c in reversed(ctx.claims) if c.actor == actor.id and c.name), None)
            military = _article_military(ctx, start) if actor.id == "actor:military" else None
            claim.name = prev.name if prev else military or _plain(np_toks)
        claim.label = "ORG"
        claim.entity_id = ctx.entity_id_of(claim.name)
        return claim
    claim.name = _plain(np_toks)
    return claim


def _plain(np_toks) -> str:
    """The phrase as a name, without leading determiners ('the agency's chief' -> "agency's chief")."""
    while len(np_toks) > 1 and np_toks[0].dep_ == "det":
        np_toks = np_toks[1:]
    return "".join(t.text_with_ws for t in np_toks).strip()


def _article_military(ctx: ArticleContext, before: int) -> str | None:
    """The military of the latest country or nationality named before `before` that has one
    (aliases.csv: 'Israeli military' -> Israel Defense Forces)."""
    for m in sorted(ctx.mentions, key=lambda m: -m["start_char"]):
        if m["start_char"] >= before or m["label"] not in ("GPE", "NORP", "ORG"):
            continue
        if m["label"] == "ORG":
            if m.get("entity_name") and canonicalize(m["entity_name"], "ORG")[2] == "alias:idf":
                return m["entity_name"]
            continue
        place = place_of_demonym(m["text"]) or m.get("entity_name") or m["text"]
        name, _, rule = canonicalize(f"{_adjective(place)} military", "ORG")
        if rule.startswith("alias:"):
            return name
    return None


def _mention_claim(ctx: ArticleContext, sentence_idx: int, label: str | None) -> Claim | None:
    """A pronoun whose antecedent sentence was not parsed: the latest actor mention of the previous
    sentence (a person for 'he/she')."""
    labels = (label,) if label else _ACTOR_LABELS
    prev = [m for m in ctx.mentions if m["sentence_idx"] == sentence_idx - 1 and m["label"] in labels
            and m.get("entity_name")]
    if not prev:
        return None
    m = prev[-1]
    return Claim(m["text"], m["start_char"], m["end_char"], m["entity_name"], m.get("entity_id"), None, None,
                 m["label"])


def claimant_by_regex(text: str, rules: Rules) -> tuple[int, int, str] | None:
    m = rules.regex_preposition.search(text)
    if m:
        return m.start(2), m.end(2), "claim:" + m.group(1).lower().replace(" ", "_")
    m = rules.regex_verb.search(text)
    if m:
        return m.start(1), m.end(1), "claim:verb"
    return None


def regex_claim(text: str, sentence: dict, ctx: ArticleContext, rules: Rules, offs: list[int]) -> Claim:
    """Claimant without a parse: the phrase after 'according to' or before 'said', linked to its mention."""
    hit = claimant_by_regex(text, rules)
    if hit is None:
        return Claim()
    base = sentence["start_char"]
    s, e = base + offs[hit[0]], base + offs[hit[1] - 1] + 1
    claim = Claim(ctx.body[s:e], s, e, rule=hit[2])
    linked = [m for m in ctx.mentions if m["label"] in _ACTOR_LABELS and m["start_char"] < e and s < m["end_char"]
              and m.get("entity_name")]
    if linked:
        best = max(linked, key=lambda m: m["end_char"] - m["start_char"])
        claim.name, claim.entity_id, claim.label = best["entity_name"], best.get("entity_id"), best["label"]
    else:
        claim.name = claim.text
    return claim


# ---------------------------------------------------------------- places

def _place_row(m: dict, rule: str, text: str | None = None) -> dict:
    return {"location_text": text or m["text"], "location_entity_id": m.get("entity_id"),
            "location_name": m.get("entity_name") or m["text"], "location_rule": rule}


_NO_PLACE = {"location_text": None, "location_entity_id": None, "location_name": None, "location_rule": None}


def _role(root, rules: Rules) -> str:
    """locative ('in Gaza', 'residents of Rafah'), target ('attacked Israel'), modifier ('the Rafah
    strike'), possessive ('Israel's offensive') or other (a subject, 'against Hamas')."""
    if root.dep_ == "pobj" and root.head.lower_ in rules.locative_preps:
        return "locative"
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in rules.resident_nouns:
        return "locative"
    if root.dep_ in rules.target_deps and root.dep_ == "dobj":
        return "target"
    if root.dep_ == "poss":
        return "possessive"
    if root.dep_ in ("compound", "nmod", "amod", "npadvmod", "appos", "conj"):
        return "modifier"
    return "other"


def _background_clauses(tokens, rules: Rules, keep: set[int]) -> set[int]:
    """Tokens of adverbial clauses opened by 'since', 'after', ... (other than those holding the figure
    or its event, `keep`): not where the figure happened."""
    out: set[int] = set()
    for t in tokens:
        if t.i in keep:
            continue
        if t.dep_ in ("advcl", "pcomp") and any(
                c.dep_ in ("mark", "advmod") and c.lower_ in rules.place_background_marks for c in t.children):
            out.update(x.i for x in t.subtree)
        if t.dep_ == "prep" and t.lower_ in rules.place_background_marks:
            out.update(x.i for x in t.subtree)
    return out


def place_candidates(view: SentenceView, tokens, rules: Rules, skip: tuple[int, int] | None, keep: set[int]):
    """(role, token index, mention) for every place mention in tokens."""
    ids = {t.i for t in tokens} - _background_clauses(tokens, rules, keep)
    out = []
    for ent in view.ents:
        if ent.label_ not in rules.place_labels or ent.root.i not in ids:
            continue
        m = view.by_start.get(view.pos(ent.start_char))
        if m is None or (skip and skip[0] <= m["start_char"] < skip[1]):
            continue
        out.append((_role(ent.root, rules), ent.root.i, m))
    return out


def _demonym_target(tokens, ctx: ArticleContext, rules: Rules) -> dict | None:
    """'attacked Israeli communities': a nationality adjective on the target names the place."""
    for t in tokens:
        if t.ent_type_ != "NORP" or t.dep_ not in rules.demonym_target_deps:
            continue
        target = t.head
        if target.dep_ == "dobj" or (target.dep_ == "pobj" and target.head.lower_ == "on"):
            place = place_of_demonym(t.text)
            m = next((m for m in ctx.mentions if (m.get("entity_name") or m["text"]) == place), None)
            if m is not None:
                return _place_row(m, "place:target_demonym", place)
            if place:
                return {"location_text": place, "location_entity_id": None, "location_name": place,
                        "location_rule": "place:target_demonym"}
    return None


def _nearest(cands, anchor_i: int):
    return min(cands, key=lambda c: abs(c[1] - anchor_i))[2] if cands else None


def _anaphora(view: SentenceView, tokens, rules: Rules) -> int | None:
    """Index of 'there' or 'in the area' in tokens, else None."""
    _, words, nouns = rules.anaphora
    for t in tokens:
        if t.lower_ in words and t.dep_ == "advmod":
            return t.i
        if t.lower_ in nouns and t.dep_ == "pobj" and any(c.lower_ == "the" for c in t.children) and not any(
                c.dep_ in ("compound", "amod", "poss") for c in t.children):
            return t.i
    return None


def _locative_before(ctx: ArticleContext, pos: int, rules: Rules) -> dict | None:
    """The latest place named before pos after a locative preposition ('in Rafah'), by the text."""
    for m in reversed(ctx.mentions):
        if m["start_char"] >= pos or m["label"] not in rules.place_labels:
            continue
        word = ctx.body[max(0, m["start_char"] - 12) : m["start_char"]].split()
        if word and word[-1].lower() in rules.locative_preps or (len(word) > 1 and word[-1].lower() == "the"
                                                                  and word[-2].lower() in rules.locative_preps):
            return m
    return None


def resolve_location(
    view: SentenceView | None, scopes: Scopes | None, anchor, sentence: dict, claim: Claim, ctx: ArticleContext,
    rules: Rules, counted=None,
) -> dict:
    """Where: the figure's clause, the event it hangs from, 'there', the claimant's home, earlier
    sentences, the article (rules/places.json)."""
    skip = (claim.start, claim.end) if claim.start is not None else None
    if scopes is not None and anchor is not None:
        figure = counted if counted is not None else anchor
        keep = {figure.i, *(a.i for a in figure.ancestors)}
        if scopes.event_verb is not None:
            keep |= {scopes.event_verb.i, *(a.i for a in scopes.event_verb.ancestors)}
        own = place_candidates(view, scopes.own, rules, skip, keep)
        hit = _nearest([c for c in own if c[0] in ("locative", "target", "modifier")], anchor.i)
        if hit is not None:
            return _place_row(hit, "place:clause")
        event = place_candidates(view, scopes.event, rules, skip, keep) or place_candidates(
            view, scopes.context, rules, skip, keep)
        hit = _nearest([c for c in event if c[0] == "target"], anchor.i)
        if hit is not None:
            return _place_row(hit, "place:event")
        demonym = _demonym_target(scopes.event + scopes.context, ctx, rules)
        if demonym:
            return demonym
        hit = _nearest([c for c in event if c[0] in ("locative", "modifier")], anchor.i)
        if hit is not None:
            return _place_row(hit, "place:event")
        there = _anaphora(view, scopes.own, rules)
        if there is not None:  # 'there', 'in the area': named before it in the sentence, else the story's place
            pos = view.pos(view.doc[there].idx)
            same = [m for m in view.mentions if m["label"] in rules.place_labels and m["start_char"] < pos]
            prev = [p for idx, p in ctx.places if sentence["sentence_idx"] - rules.previous_figure_sentences <= idx
                    < sentence["sentence_idx"]]
            if same:
                return _place_row(same[-1], rules.anaphora[0])
            if prev:
                return {**prev[-1], "location_rule": rules.anaphora[0]}
            before = [m for m in ctx.mentions if m["label"] in rules.place_labels and m["start_char"] < pos]
            if before:
                return _place_row(before[-1], rules.anaphora[0])
    else:
        places = [m for m in ctx.mentions if m["label"] in rules.place_labels
                  and sentence["start_char"] <= m["start_char"] < sentence["end_char"]]
        if places:
            return _place_row(places[0], "place:sentence")
    home = _home(claim, rules)
    if home:
        m = next((m for m in ctx.mentions if (m.get("entity_name") or m["text"]) == home), None)
        if m is not None:
            return _place_row(m, "place:claimant_home", home)
        return {"location_text": home, "location_entity_id": None, "location_name": home,
                "location_rule": "place:claimant_home"}
    sidx = sentence["sentence_idx"]
    recent = [(idx, p) for idx, p in ctx.places if idx < sidx and p.get("location_name")]
    if recent and recent[-1][0] >= sidx - rules.previous_figure_sentences:
        return {**recent[-1][1], "location_rule": "place:previous_figure"}
    m = _locative_before(ctx, sentence["start_char"], rules)
    if m is not None:
        return _place_row(m, "place:earlier_sentence")
    if recent:
        return {**recent[-1][1], "location_rule": "place:previous_figure"}
    places = [m for m in ctx.mentions if m["label"] in rules.place_labels]
    if places:
        counts = Counter(m.get("entity_name") or m["text"] for m in places)
        name = counts.most_common(1)[0][0]
        return _place_row(next(m for m in places if (m.get("entity_name") or m["text"]) == name), "place:article")
    return dict(_NO_PLACE)


def _home(claim: Claim, rules: Rules) -> str | None:
    if not claim.name or not any(w in claim.name.lower() for w in rules.home_claimants):
        return None
    return place_named_in(claim.name)
