"""Claimant: who gave the figure, linked to the entity layer's mentions.

Claimant cues are spaCy DependencyMatcher patterns (rules/claimants.json); the phrase they point at is
read as an actor: a named organisation, person or government (its mention's entity), a generic body
('the army', 'health officials', 'officials in Gaza') named from its qualifier or the article, a pronoun
resolved to the previous sentences' claimant, or nothing (the article itself, a nationality, a place
that is not a government). Canonical names come from pipeline.nlp.canonical, the one place that names
entities.
"""

from __future__ import annotations

from spacy.matcher import DependencyMatcher

from pipeline.nlp.canonical import canonicalize, demonym_of, health_ministry_in_context, place_of_demonym
from pipeline.nlp.gazetteer import lookup_place

from .clause import Scopes
from .context import ArticleContext, Claim, SentenceView
from .rules import Rules

ACTOR_LABELS = ("ORG", "PERSON")
_NP_DEPS = frozenset({"det", "amod", "compound", "poss", "nmod", "case", "nummod", "quantmod", "punct"})
_MATCHERS: dict[int, tuple] = {}


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
                m = view.mention_at(t, ACTOR_LABELS)
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
    m = view.mention_at(tok, (*ACTOR_LABELS, "GPE", "NORP"))
    if m is not None and m["label"] in ACTOR_LABELS and m.get("entity_name"):
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
    labels = (label,) if label else ACTOR_LABELS
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
    linked = [m for m in ctx.mentions if m["label"] in ACTOR_LABELS and m["start_char"] < e and s < m["end_char"]
              and m.get("entity_name")]
    if linked:
        best = max(linked, key=lambda m: m["end_char"] - m["start_char"])
        claim.name, claim.entity_id, claim.label = best["entity_name"], best.get("entity_id"), best["label"]
    else:
        claim.name = claim.text
    return claim
