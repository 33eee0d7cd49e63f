"""Where a figure sits in its sentence's dependency parse: its own clause, the event it hangs from, and
whether it is a background reference. Kind, period, claimant and place are read in these scopes, so a
cue in one clause ('since 7 October') does not decide a figure in another ('when Hamas killed 1,200').

- own: the tokens of the figure's clause (its predicate with arguments and modifiers), its adverbial
  clauses ('when forces opened fire', 'since Israel launched strikes') and its conjoined clauses;
- event: what the clause hangs from: the noun of a relative clause with that noun's modifiers ('the
  7 October attack, which killed 1,200'), or the clause a participle continues ('Hamas attacked Israel
  on 7 October, killing 1,200');
- context: conjoined clauses and the clauses above, up to the root (without their subordinating words);
- background: a relative/participial clause on a noun other than the counted one, or a clause opened by
  a temporal mark ('since the group killed 1,200 people'): a reference, not the sentence's report.
"""

from __future__ import annotations

from dataclasses import dataclass

_CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "acl", "parataxis", "csubj", "pcomp", "xcomp", "conj"})
_NOUN_CLAUSES = frozenset({"relcl", "acl"})
_VERBAL = frozenset({"VERB", "AUX"})


def is_clause_head(t) -> bool:
    if t.dep_ == "ROOT" or t.head.i == t.i:
        return True
    if t.dep_ not in _CLAUSE_DEPS:
        return False
    if t.dep_ == "conj":
        return t.pos_ in _VERBAL and t.head.pos_ in _VERBAL
    return t.pos_ in _VERBAL or t.dep_ in ("relcl", "advcl")


def clause_of(t):
    while not is_clause_head(t):
        t = t.head
    return t


def _clause_heads(doc) -> list[int]:
    """The clause head of every token of a sentence doc, computed once per doc."""
    heads = doc.user_data.get("clause_heads")
    if heads is None:
        heads = doc.user_data["clause_heads"] = [clause_of(t).i for t in doc]
    return heads


def _own_tokens(head) -> list:
    heads = _clause_heads(head.doc)
    return [t for t in head.subtree if heads[t.i] == head.i]


@dataclass(frozen=True)
class Scopes:
    head: object  # clause head of the figure
    own: tuple  # tokens, in order
    event: tuple  # the noun a relative clause hangs from, or the clause a participle continues
    context: tuple  # conjoined clauses and the clauses above, up to the root
    marks: tuple  # the clause's own subordinator ('after' in 'two years after 30 were killed')
    background: bool
    governor: object | None  # the noun a relative/participial clause hangs from
    event_verb: object | None  # the clause a participle continues ('attacked ..., killing 1,200')
    end: int  # last token index of the figure's clause


def _marked(t, marks: frozenset[str]) -> bool:
    """A clause opened by a temporal subordinator ('since', 'when', 'after')."""
    return any(c.dep_ in ("mark", "advmod") and c.lower_ in marks and c.i < t.i for c in t.children)


def _date_before(x):
    """The date right before a 'when' clause ('since 3 January, when ...'), whatever the parser hung the
    clause from."""
    if not any(c.lower_ == "when" for c in x.children):
        return None
    i = x.left_edge.i - 1
    while i >= 0 and x.doc[i].is_punct:
        i -= 1
    return x.doc[i] if i >= 0 and x.doc[i].ent_type_ == "DATE" else None


def _preceding_clause(x):
    """The verb clause a subjectless participle continues: 'Hamas attacked Israel, killing 1,200' (the
    parser often hangs 'killing' from the main verb of the sentence instead)."""
    if x.tag_ != "VBG" or any(c.dep_ in ("nsubj", "nsubjpass") for c in x.children):
        return None
    inside = {t.i for t in x.subtree}
    for t in reversed(x.doc[: x.left_edge.i]):
        if t.i not in inside and t.pos_ == "VERB" and t.tag_ in ("VBD", "VBZ", "VBP", "VBN") and is_clause_head(t):
            return t
    return None


def figure_scopes(anchor, counted, marks: frozenset[str], pred=None) -> Scopes:
    """Scopes of the figure whose counted token is `counted` (or the number), anchor `anchor` and
    predicate `pred` (a participle of a noun in the clause: 'were among seven killed in a strike in Gaza')."""
    doc = counted.doc
    head = clause_of(counted)
    own = {t.i for t in _own_tokens(head)}
    for c in head.children:
        if c.dep_ == "advcl":
            own.update(t.i for t in c.subtree)
    if anchor.dep_ in _NOUN_CLAUSES and anchor.head.i == counted.i:  # 'the 1,200 people killed by ...'
        own.update(t.i for t in anchor.subtree)
    if pred is not None and pred.dep_ in _NOUN_CLAUSES and pred.head.i in own:
        own.update(t.i for t in pred.subtree)
    x = head
    context: set[int] = set()
    while x.dep_ == "conj" and is_clause_head(x) and x.head.i != x.i:
        x = x.head  # conjoined clauses share their first conjunct's context
        context.update(t.i for t in _own_tokens(x))
    for c in head.children:  # conjoined clauses: context, not the figure's own words
        if c.dep_ == "conj" and is_clause_head(c):
            context.update(t.i for t in c.subtree)
    # the clause's own subordinator relates it to another clause: 'since the group killed 1,200'
    subordinators = {c.i for c in x.children if c.dep_ in ("mark", "advmod") and c.lower_ in marks}
    own -= subordinators
    event: set[int] = set()
    governor = None
    inside = {t.i for t in x.subtree}
    verb = _preceding_clause(x)
    if verb is not None:  # the participle's event is the clause it continues
        event.update(t.i for t in _own_tokens(verb) if t.i not in inside and not (
            t.dep_ in ("mark", "advmod") and t.lower_ in marks))
        x = verb
        inside |= {t.i for t in x.subtree}
    background = _marked(x, marks) or (verb is not None and x.dep_ in _NOUN_CLAUSES)
    chain = True
    if x.dep_ in _NOUN_CLAUSES and x.head.i != x.i:
        governor = x.head
        background = background or governor.i != counted.i
        event.update(t.i for t in governor.subtree if t.i not in inside)
        # a relative clause on a date: 'since 7 October, when Hamas attacked' describes that day; 'on
        # 1 April, which killed seven' is the parser's misreading of the event before it
        chain = governor.ent_type_ == "DATE" and not any(c.lower_ == "when" for c in x.children)
    elif background and x.head.pos_ not in _VERBAL and x.head.i != x.i:  # '7 October, when Hamas attacked'
        governor = x.head
        event.update(t.i for t in x.head.subtree if t.i not in inside)
        chain = False
    elif x.dep_ == "pcomp" and x.head.lower_ in marks:  # 'since the group killed'
        background = True
    date = _date_before(x) if background and governor is None else None
    if date is not None:  # 'since 3 January, when the militia killed 80': the day it describes
        governor = date
        event.update(t.i for t in date.subtree if t.i not in inside)
    if chain and x.head.i != x.i:
        y = x.head
        while True:
            h = clause_of(y)
            context.update(t.i for t in _own_tokens(h) if t.i not in inside and not (
                t.dep_ in ("mark", "advmod") and t.lower_ in marks and t.head.i == h.i))
            if h.head.i == h.i or len(context) > 80:
                break
            y = h.head
    event -= own
    context -= own | event

    def toks(ids):
        return tuple(doc[i] for i in sorted(ids))

    return Scopes(head, toks(own), toks(event), toks(context), toks(subordinators), background, governor, verb,
                  head.right_edge.i)


def scope_text(tokens) -> tuple[str, list[int]]:
    """Text of tokens in order (a gap becomes ' | ' so no cue spans it) and each character's token index."""
    parts, owners = [], []
    prev = None
    for t in tokens:
        if prev is not None:
            sep = prev.whitespace_ or "" if t.i == prev.i + 1 else " | "
            parts.append(sep)
            owners.extend([prev.i] * len(sep))
        parts.append(t.text)
        owners.extend([t.i] * len(t.text))
        prev = t
    return "".join(parts), owners


def doc_text(doc) -> tuple[str, list[int]]:
    """scope_text of a whole sentence doc, computed once per doc."""
    cached = doc.user_data.get("scope_text")
    if cached is None:
        starts = doc.to_array("IDX").tolist() + [len(doc.text)]
        owners = [i for i in range(len(doc)) for _ in range(starts[i + 1] - starts[i])]
        cached = doc.user_data["scope_text"] = (doc.text, owners)
    return cached
