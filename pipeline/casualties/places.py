"""Location: where the casualties happened (rules/places.json).

A place in the figure's own clause in a locative role ('in Gaza', 'at the hospital', 'residents of
Rafah'), not a possessive ('Israel's offensive') or a subject; else the target or place of the event it
hangs from; 'there' / 'in the area'; the home of a local reporting body named as claimant; the place of a
figure just before; the latest place after a locative preposition in earlier sentences; the article's
most frequent place.
"""

from __future__ import annotations

from collections import Counter

from pipeline.nlp.canonical import place_named_in, place_of_demonym

from .clause import Scopes
from .context import ArticleContext, Claim, SentenceView
from .rules import Rules


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
