"""Location: where the casualties happened (rules/places.json, rules/events.json).

A place in the figure's own clause in a locative role ('in Gaza', 'at the hospital', 'residents of
Rafah'), not a possessive ('Israel's offensive'), a subject or beside a country ('near the Gaza Strip');
else the target of the event it hangs from; else the place of a known event the figure's clause names
('the 7 October attack'); else the event's other places; 'there' / 'in the area'; the home of a local
reporting body named as claimant; the place of a figure just before; the latest place after a locative
preposition in earlier sentences; the article's most frequent place.
"""

from __future__ import annotations

from collections import Counter

from pipeline.nlp.canonical import place_named_in, place_of_demonym
from pipeline.nlp.gazetteer import lookup_place

from .clause import Scopes
from .context import ArticleContext, Claim, SentenceView
from .rules import KnownEvent, Rules


def _place_row(m: dict, rule: str, text: str | None = None) -> dict:
    return {"location_text": text or m["text"], "location_entity_id": m.get("entity_id"),
            "location_name": _name(m), "location_rule": rule}


_NO_PLACE = {"location_text": None, "location_entity_id": None, "location_name": None, "location_rule": None}


def _name(m: dict) -> str:
    return m.get("entity_name") or m["text"]


def _named_row(name: str, rule: str, ctx: ArticleContext) -> dict:
    """A place known by name (a claimant's home, a nationality's country, a known event's place), linked to
    its mention if any."""
    m = next((m for m in ctx.mentions if _name(m) == name), None)
    if m is not None:
        return _place_row(m, rule, name)
    return {"location_text": name, "location_entity_id": None, "location_name": name, "location_rule": rule}


def _role(root, m: dict, rules: Rules) -> str:
    """locative ('in Gaza', 'residents of Rafah'), target ('attacked Israel'), modifier ('the Rafah
    strike'), possessive ('Israel's offensive'), outside ('near the Gaza Strip': beside a country or
    territory) or other (a subject, 'against Hamas')."""
    if root.dep_ == "pobj" and root.head.lower_ in rules.outside_preps:
        place = lookup_place(_name(m))
        if place and place["feature_type"] in rules.outside_feature_types:
            return "outside"
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


def keep_of(scopes: Scopes, figure) -> set[int]:
    """The figure's token, the event clause it continues and their ancestors: never background."""
    keep = {figure.i, *(a.i for a in figure.ancestors)}
    if scopes.event_verb is not None:
        keep |= {scopes.event_verb.i, *(a.i for a in scopes.event_verb.ancestors)}
    return keep


def background_clauses(tokens, rules: Rules, keep: set[int], reference_nouns: frozenset[str] = frozenset()) -> set[int]:
    """Tokens of adverbial clauses and phrases opened by 'since', 'after', ... (other than those holding
    the figure or its event, `keep`): not where the figure happened. With `reference_nouns`, also the phrases
    a noun of reference governs ('in response to Hamas's attack'): they name no event of the figure's
    (places are kept: the parser hangs 'on 1 April, in which 13 were killed' from the date inside them)."""
    out: set[int] = set()
    for t in tokens:
        if t.i in keep:
            continue
        if t.dep_ in ("advcl", "pcomp") and any(
                c.dep_ in ("mark", "advmod") and c.lower_ in rules.place_background_marks for c in t.children):
            out.update(x.i for x in t.subtree)
        if t.dep_ == "prep" and t.lower_ in rules.place_background_marks:
            out.update(x.i for x in t.subtree)
        if t.lemma_.lower() in reference_nouns:
            out.update(x.i for c in t.children if c.dep_ == "prep" and c.i not in keep for x in c.subtree)
    return out


def place_candidates(view: SentenceView, tokens, rules: Rules, skip: tuple[int, int] | None, keep: set[int]):
    """(role, token index, mention) for every place mention in tokens."""
    ids = {t.i for t in tokens} - background_clauses(tokens, rules, keep)
    out = []
    for ent in view.ents:
        if ent.label_ not in rules.place_labels or ent.root.i not in ids:
            continue
        m = view.by_start.get(view.pos(ent.start_char))
        if m is None or (skip and skip[0] <= m["start_char"] < skip[1]):
            continue
        out.append((_role(ent.root, m, rules), ent.root.i, m))
    return out


def _demonym_target(tokens, ctx: ArticleContext, rules: Rules) -> dict | None:
    """'attacked Israeli communities': a nationality adjective on the target names the place."""
    for t in tokens:
        if t.ent_type_ != "NORP" or t.dep_ not in rules.demonym_target_deps:
            continue
        target = t.head
        if target.dep_ == "dobj" or (target.dep_ == "pobj" and target.head.lower_ == "on"):
            place = place_of_demonym(t.text)
            if place:
                return _named_row(place, "place:target_demonym", ctx)
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


def _inner_place(m: dict, rules: Rules) -> str | None:
    """The place a longer name holds after a locative preposition ('the health ministry in Gaza')."""
    words = m["text"].split()
    at = [i for i, w in enumerate(words[:-1]) if w.lower() in rules.locative_preps]
    return place_named_in(" ".join(words[at[-1] + 1 :])) if at else None


def _named_before(view: SentenceView, pos: int, ctx: ArticleContext, rules: Rules) -> dict | None:
    """The latest place named before pos in the sentence: a place mention, or a place inside a longer
    name ('the health ministry in Gaza says ... killed there')."""
    for m in reversed([m for m in view.mentions if m["start_char"] < pos]):
        if m["label"] in rules.place_labels:
            return _place_row(m, rules.anaphora[0])
        inner = _inner_place(m, rules)
        if inner:
            return _named_row(inner, rules.anaphora[0], ctx)
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
    rules: Rules, counted=None, event: KnownEvent | None = None,
) -> dict:
    """Where: the figure's clause, the event it hangs from (its target, the known event it names, its
    other places), 'there', the claimant's home, earlier sentences, the article (rules/places.json)."""
    skip = (claim.start, claim.end) if claim.start is not None else None
    start = sentence["start_char"]  # where earlier sentences end
    beside: set[str] = set()  # places the clause puts the casualties outside of ('near the Gaza Strip')
    if scopes is not None and anchor is not None:
        figure = counted if counted is not None else anchor
        keep = keep_of(scopes, figure)
        start = view.pos(anchor.sent.start_char)  # the parser's sentence: text run together is split there
        own = place_candidates(view, scopes.own, rules, skip, keep)
        hit = _nearest([c for c in own if c[0] in ("locative", "target", "modifier")], anchor.i)
        if hit is not None:
            return _place_row(hit, "place:clause")
        around = place_candidates(view, scopes.event, rules, skip, keep) or place_candidates(
            view, scopes.context, rules, skip, keep)
        beside = {_name(c[2]) for c in own + around if c[0] == "outside"}
        hit = _nearest([c for c in around if c[0] == "target"], anchor.i)
        if hit is not None:
            return _place_row(hit, "place:event")
        if event is not None:  # 'the 7 October attack, in which gunmen killed 1,200'
            return _named_row(event.place, event.id, ctx)
        demonym = _demonym_target(scopes.event + scopes.context, ctx, rules)
        if demonym:
            return demonym
        hit = _nearest([c for c in around if c[0] in ("locative", "modifier")], anchor.i)
        if hit is not None:
            return _place_row(hit, "place:event")
        there = _anaphora(view, scopes.own, rules)
        if there is not None:  # 'there', 'in the area': named before it in the sentence, else the story's place
            pos = view.pos(view.doc[there].idx)
            same = _named_before(view, pos, ctx, rules)
            prev = [p for idx, p in ctx.places if sentence["sentence_idx"] - rules.previous_figure_sentences <= idx
                    < sentence["sentence_idx"]]
            if same:
                return same
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
        return _named_row(home, "place:claimant_home", ctx)
    sidx = sentence["sentence_idx"]
    recent = [(idx, p) for idx, p in ctx.places if idx < sidx and p.get("location_name")
              and p["location_name"] not in beside]
    if recent and recent[-1][0] >= sidx - rules.previous_figure_sentences:
        return {**recent[-1][1], "location_rule": "place:previous_figure"}
    m = _locative_before(ctx, start, rules)
    if m is not None and _name(m) not in beside:
        return _place_row(m, "place:earlier_sentence")
    if recent:
        return {**recent[-1][1], "location_rule": "place:previous_figure"}
    places = [m for m in ctx.mentions if m["label"] in rules.place_labels and _name(m) not in beside]
    if places:
        name = Counter(_name(m) for m in places).most_common(1)[0][0]
        return _place_row(next(m for m in places if _name(m) == name), "place:article")
    return dict(_NO_PLACE)


def _home(claim: Claim, rules: Rules) -> str | None:
    if not claim.name or not any(w in claim.name.lower() for w in rules.home_claimants):
        return None
    return place_named_in(claim.name)
