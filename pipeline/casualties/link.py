"""Link a number to a casualty type: through the dependency parse when the sentence was parsed,
else (or when the parse finds nothing) through word windows around the number. Word lists and
patterns are in rules/types.json and rules/victims.json.

A link says which casualty type the number counts, which rule decided it, and which tokens
carry the victims (for victim_group) and the predicate (for kind, claimant and place).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numbers import NumberExpr
from .rules import Rules

_VICTIM_ROLES_PASSIVE = {"nsubjpass"}
_VICTIM_ROLES_OBJECT = {"dobj", "obj"}
_FINITE_TAGS = ("VBD", "VBZ", "VBP")
_SUFFIXES = (("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("d", ""), ("es", ""), ("s", ""), ("ied", "y"),
             ("ies", "y"))
_WINDOW_WORDS = re.compile(r"[A-Za-z'-]+|[,.;:()]|\d[\d,]*")


@dataclass(frozen=True)
class Link:
    ctype: str
    type_rule: str
    rule_id: str
    head: object | None  # token counted ('people', 'civilians') or None
    pred: object | None  # predicate token (verb or noun) or None
    confidence: float


def _lemma(tok) -> str:
    return (tok.lemma_ or tok.lower_).lower()


def _verb_keys(tok, rules: Rules) -> list[str]:
    """Lemma, then crude stems of the surface form, for pipelines without a lemmatizer."""
    low = tok.lower_
    keys = [_lemma(tok), low]
    for suffix, add in _SUFFIXES:
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            keys.append(low[: -len(suffix)] + add)
    if low in rules.irregular_forms:
        keys.insert(0, rules.irregular_forms[low])
    return keys


def _killed_modifier(verb, rules: Rules) -> bool:
    nxt = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if nxt is not None and nxt.lower_ in rules.killed_modifier_words:
        return True
    for c in verb.children:
        if c.lower_ in rules.killed_modifier_words:
            return True
        if _is_to_death(c, rules):
            return True
        if c.dep_ == "conj" and _lemma(c) in rules.killed_conjoined_verbs:
            return True
    return False


def verb_type(verb, rules: Rules) -> tuple[str, str] | None:
    """Casualty type of a verb token, or None."""
    if any(c.dep_ == "prt" and c.lower_ in rules.particle_exclusions for c in verb.children):
        return None
    for lemma in _verb_keys(verb, rules):
        t = rules.verb_type.get(lemma)
        if t:
            return t, f"verb:{lemma}"
        amb = rules.ambiguous_verbs.get(lemma)
        if amb:
            if _killed_modifier(verb, rules):
                return "killed", f"verb:{lemma}+dead"
            return amb, f"verb:{lemma}"
    return None


def _is_to_death(c, rules: Rules) -> bool:
    prep, noun, _ = rules.to_death
    return c.dep_ == "prep" and c.lower_ == prep and any(g.lower_ == noun for g in c.children)


def _to_death(verb, rules: Rules) -> bool:
    """'beaten to death', 'found dead'."""
    adjective = rules.to_death[2]
    return any(
        _is_to_death(c, rules) or (c.dep_ in ("oprd", "acomp", "xcomp") and c.lower_ == adjective)
        for c in verb.children
    )


def _loses_lives(verb, rules: Rules) -> bool:
    """'31 persons lost their lives'."""
    return _lemma(verb) in rules.lose_verbs and any(
        c.dep_ == "dobj" and c.lower_ in rules.lives_objects for c in verb.children
    )


def _predicate_type(verb, rules: Rules, role: str = "nsubjpass") -> tuple[str, str] | None:
    """Type of a predicate: the verb itself, a predicate adjective ('left 32 people dead', 'are missing'),
    or a conjoined/complement casualty verb ('were attacked and killed')."""
    vt = verb_type(verb, rules)
    if vt:
        return vt
    complements = [c for c in verb.children if c.dep_ in ("acomp", "oprd", "attr") or (
        c.dep_ == "conj" and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children))]
    types = {rules.adj_type.get(x.lower_) for c in complements for x in (c, *c.conjuncts)} - {None}
    if len(types) > 1:  # 'are dead, wounded or missing': one count of several types
        return "casualties", "adj:mixed"
    if _loses_lives(verb, rules):
        return "killed", "verb:lose_lives"
    if _to_death(verb, rules):
        return "killed", "mod:to_death"
    if verb.lower_ in rules.adj_type and verb.tag_ not in _FINITE_TAGS:  # '20 fishermen are missing'
        return rules.adj_type[verb.lower_], f"adj:{verb.lower_}"
    for c in verb.children:
        if c.dep_ in ("acomp", "oprd", "xcomp", "attr") and c.lower_ in rules.adj_type:
            return rules.adj_type[c.lower_], f"adj:{c.lower_}"
    for c in verb.children if role in ("nsubj", "nsubjpass") else ():
        if c.dep_ in ("conj", "xcomp") and c.pos_ == "VERB":
            vt = verb_type(c, rules)
            if vt and not any(g.dep_ in ("dobj", "nsubj", "nsubjpass") for g in c.children):
                return vt
    return None


def _human_enough(verb, counted, in_span: set[int], rules: Rules) -> bool:
    """'executed two contracts' is not a killing: verbs with non-human objects need a person noun."""
    if not any(k in rules.person_object_verbs for k in _verb_keys(verb, rules)):
        return True
    word = counted.lower_
    return counted.i in in_span or word in rules.person_nouns or word in rules.group_of or word in rules.people_words


def _is_victim_role(x, verb, rules: Rules) -> bool:
    role = x.dep_
    if role == "nsubj" and _loses_lives(verb, rules):
        return True
    if role in _VICTIM_ROLES_PASSIVE or role in _VICTIM_ROLES_OBJECT:
        return True
    if role == "nsubj":
        if any(k in rules.intransitive_killed for k in _verb_keys(verb, rules)):
            return True
        # reduced passive: '14 others wounded', 'Five killed in clashes', 'with 8,700 people injured'
        has_obj = any(c.dep_ in _VICTIM_ROLES_OBJECT for c in verb.children)
        if not has_obj and not any(c.dep_ == "aux" for c in verb.children) and verb_type(verb, rules):
            return True
        # 'are dead', 'remain missing', 'were reported missing'
        if verb.lower_ in rules.adj_type and verb.tag_ not in _FINITE_TAGS:
            return True
        return any(c.dep_ in ("acomp", "oprd", "attr") and c.lower_ in rules.adj_type for c in verb.children)
    return False


def _is_toll(noun, rules: Rules) -> bool:
    """'toll', 'tally', or a count noun holding a casualty word ('the number of people killed')."""
    if _lemma(noun) in rules.toll_words:
        return True
    return _lemma(noun) in rules.count_nouns and any(
        t.lower_ in rules.adj_type or t.lower_ in rules.noun_type or verb_type(t, rules)
        for t in noun.subtree if t.i != noun.i)


def _toll_governs(tok, rules: Rules) -> bool:
    """'death toll of 22', 'the toll rose to 22', 'put the toll at 22', 'the toll is 22', 'the number of
    people killed has exceeded 900'."""
    x = tok
    for _ in range(4):
        if _lemma(x) in rules.toll_words:
            return True
        if any(c.dep_ in ("nsubj", "dobj", "nsubjpass", "attr") and _is_toll(c, rules) for c in x.children):
            return True
        if x.dep_ in ("ROOT", "ccomp", "advcl", "relcl") or x.head.i == x.i:
            return False
        x = x.head
    return False


def _of_casualty_noun(x, rules: Rules) -> str | None:
    """'the death of seven persons', 'the bodies of 42 fishermen', 'the fatal shooting of two men'."""
    if x.dep_ != "pobj" or x.head.lower_ != "of" or x.head.head.i == x.head.i:
        return None
    noun = x.head.head
    ctype = rules.of_noun_type.get(noun.lower_)
    if ctype == "injured" and any(c.lower_ in rules.fatal_modifiers for c in noun.children):
        return "killed"
    return ctype


def _number_token(doc, expr: NumberExpr, offset: int):
    span = doc.char_span(expr.num_start - offset, expr.num_end - offset, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None, None
    return span[-1], span


def link_by_parse(doc, expr: NumberExpr, rules: Rules, offset: int = 0) -> Link | None:
    tok, span = _number_token(doc, expr, offset)
    if tok is None:
        return None
    in_span = {t.i for t in span}
    head = tok
    # climb out of the number expression to the noun it counts
    while (
        head.dep_ in ("nummod", "quantmod", "compound", "amod", "det", "nmod", "npadvmod")
        and head.head.i != head.i
        and head.head.pos_ in ("NOUN", "PROPN", "ADJ", "NUM", "VERB")
        and (head.head.i in in_span or head.dep_ != "npadvmod")
    ):
        if head.head.pos_ == "VERB" and head.dep_ != "amod":
            break
        head = head.head
        if head.i not in in_span:
            break
    return _link_counted(head, in_span, span[-1].i, rules)


def _is_count(tok, rules: Rules) -> bool:
    """A head that counts people ('Six people', 'nine'), not a percentage or a thing."""
    return tok.pos_ == "NUM" or (
        any(c.dep_ == "nummod" for c in tok.children) and tok.lower_ not in rules.non_nouns
    )


def _link_counted(head, in_span: set[int], last_i: int, rules: Rules, depth: int = 0) -> Link | None:
    """The type of the figure whose number expression ends at token last_i and whose head is `head`."""
    # 'dozens of people', 'three of her children': the noun after 'of'
    counted = head
    if head.i in in_span or head.pos_ == "NUM":
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                counted = next((g for g in c.children if g.dep_ == "pobj"), head)
    word = counted.lower_
    if word in rules.non_nouns or _lemma(counted) in rules.non_nouns:
        return None
    for w in (word, _lemma(counted)):
        if w in rules.noun_type and counted.i not in in_span:
            return Link(rules.noun_type[w], f"noun:{w}", "parse:noun", counted, counted, 0.9)
    # a participle or adjective attached to the counted noun: 'the 22 people killed', '32 dead'
    for c in counted.children:
        if c.dep_ in ("acl", "amod", "relcl") and c.i > counted.i:
            if c.lower_ in rules.adj_type:
                return Link(rules.adj_type[c.lower_], f"adj:{c.lower_}", "parse:adj", counted, c, 0.85)
            vt = verb_type(c, rules)
            if vt and (c.tag_ == "VBN" or c.dep_ == "relcl"):
                return Link(vt[0], vt[1], "parse:participle", counted, c, 0.85)
    # climb conjunctions and appositions to the first conjunct, then to the predicate; in 'six of her
    # children' the role belongs to 'six', not to 'children'
    x = head if counted.dep_ == "pobj" and counted.head.head.i == head.i else counted
    while x.dep_ in ("conj", "appos") and x.head.i != x.i and x.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
        if x.dep_ == "appos" and _is_count(x.head, rules):
            return None  # 'Six people, two nationals and four Somalis, ...': a breakdown, not a figure
        x = x.head  # '75% of them - about 102,000 people - were murdered': the role of what it restates
    of_noun = _of_casualty_noun(x, rules)
    if of_noun:
        return Link(of_noun, f"noun:{x.head.head.lower_}", "parse:of_noun", counted, x.head.head, 0.85)
    if depth == 0 and x.dep_ == "pobj" and x.head.lower_ in rules.subcount_including:
        whole = _link_whole(x.head.head, rules, depth)  # 'killed 20 people, including 5 children'
        if whole is not None:
            return Link(whole.ctype, whole.type_rule, "parse:subcount", counted, whole.pred, 0.8)
    # 'the toll reached 2,215, with 8,700 people injured': the word after the count wins over the toll
    doc = counted.doc
    after = doc[counted.i + 1] if counted.i + 1 < len(doc) else None
    if (
        after is not None
        and after.lower_ in rules.adj_type
        and (
            (counted.i not in in_span and (after.pos_ == "ADJ" or after.head.i == counted.i))
            or (counted.i in in_span and after.i == last_i + 1 and after.tag_ != "VBD")
        )
    ):
        return Link(rules.adj_type[after.lower_], f"adj:{after.lower_}", "parse:adj", counted, after, 0.8)
    verb = x.head
    if verb.i != x.i and verb.pos_ in ("VERB", "AUX", "ADJ"):
        pt = _predicate_type(verb, rules, x.dep_)
        if pt and _is_victim_role(x, verb, rules) and _human_enough(verb, counted, in_span, rules):
            return Link(pt[0], pt[1], "parse:verb", counted, verb, 0.85)
        if depth == 0 and x.dep_ == "nsubj":  # 'dozens were among the 1,200 people killed', 'Of the dead, 12 ...'
            among = [(c.lower_, g) for c in (*verb.children, *x.children) if c.dep_ == "prep"
                     and c.lower_ in rules.subcount_among | {"of"} for g in c.children if g.dep_ == "pobj"]
            whole = _link_whole(among[0][1], rules, depth) if among else None
            if whole is not None:
                rid = "parse:among" if among[0][0] in rules.subcount_among else "parse:subcount"
                return Link(whole.ctype, whole.type_rule, rid, counted, whole.pred, 0.8)
    if _toll_governs(x, rules):
        return Link("killed", "toll", "parse:toll", counted, x.head, 0.85)
    return None


def _link_whole(tok, rules: Rules, depth: int) -> Link | None:
    """The type of the figure a sub-count belongs to: a noun phrase ('20 people killed', 'the dead') or a
    verb."""
    word = tok.lower_
    if word in rules.noun_type or word in rules.adj_type:  # 'of the dead', 'among the injured'
        return Link(rules.noun_type.get(word) or rules.adj_type[word], f"noun:{word}", "parse:noun", tok, tok, 0.8)
    if tok.pos_ in ("VERB", "AUX"):
        vt = _predicate_type(tok, rules)
        return Link(vt[0], vt[1], "parse:verb", None, tok, 0.8) if vt else None
    if tok.pos_ in ("NOUN", "PROPN", "NUM", "ADJ"):
        return _link_counted(tok, set(), tok.i, rules, depth + 1)
    return None


def _form_type(form: str, rules: Rules) -> str:
    f = form.lower()
    return next((t for prefix, t in rules.window_form_types if f.startswith(prefix)), "killed")


def link_by_window(text: str, expr: NumberExpr, rules: Rules) -> Link | None:
    """Word-window rules: '22 killed', '30 were killed', '100 fatalities', 'killing seven'."""
    left, right = text[: expr.start], text[expr.end :]
    m = rules.window_active_left.search(left[-40:])
    if m:
        verb = m.group("verb").lower()
        if verb in rules.window_leave_verbs:
            m2 = rules.window_life_or_dead.match(right)
            if m2:
                last = m2.group().split()[-1].lower()
                ctype = rules.noun_type.get(last, rules.adj_type.get(last, "killed"))
                return Link(ctype, f"noun:{last}", "window:leave", None, None, 0.65)
        else:
            return Link(_form_type(verb, rules), f"form:{verb}", "window:active", None, None, 0.65)
    words = _WINDOW_WORDS.findall(right[:120])
    skippable = rules.group_of.keys() | rules.person_nouns | rules.window_skip
    i = 0
    while i < len(words) and i < 4 and words[i].lower() in skippable:
        i += 1
    if i < len(words):
        w = words[i].lower()
        if w in rules.noun_type:
            return Link(rules.noun_type[w], f"noun:{w}", "window:noun", None, None, 0.7)
        j, saw_aux = i, False
        while j < len(words) and words[j].lower() in rules.window_aux and j - i < 4:
            saw_aux = True
            j += 1
        m = rules.window_passive_forms.match(" ".join(words[j : j + 4]))
        if m:
            n = len(m.group().split())
            has_object = any(rules.window_object_after.match(a) for a in words[j + n : j + n + 2])
            if saw_aux or i == 0 or not has_object:
                form = m.group().lower()
                return Link(_form_type(form, rules), f"form:{form}", "window:passive", None, None, 0.65)
    if rules.window_toll_left.search(left):
        return Link("killed", "toll", "window:toll", None, None, 0.7)
    return None


def singular_victims(doc, rules: Rules, used: set[int]) -> list[tuple[int, int, int, Link]]:
    """Victims named without a number: 'killing a woman', 'an elderly man was shot dead',
    'Pascal Nshimirimana was killed', 'the killing of a local leader'. One figure of 1 per person; the
    article-level rule sums conjuncts ('a mother and four children'). (start, end, 1, link), doc offsets."""
    out = []
    if not doc.has_annotation("DEP"):
        return out
    nouns = {doc.vocab.strings[t] for t in ("NN", "NNP")}
    for i in (i for i, tag in enumerate(doc.to_array("TAG")) if tag in nouns and i not in used):
        x = doc[i]
        if x.dep_ in ("appos", "compound"):
            continue
        if any(c.dep_ == "nummod" for c in x.children) or not _is_single_person(x, rules):
            continue
        root = x
        while root.dep_ == "conj" and root.head.i != root.i:
            root = root.head
        of_noun = _of_casualty_noun(root, rules)
        if of_noun:
            link = Link(of_noun, f"noun:{root.head.head.lower_}", "parse:singular", x, root.head.head, 0.7)
        else:
            verb = root.head
            if verb.i == root.i or verb.pos_ not in ("VERB", "AUX", "ADJ"):
                continue
            pt = _predicate_type(verb, rules, root.dep_)
            if not pt or not _is_victim_role(root, verb, rules):
                continue
            strict = any(k in rules.singular_strict_verbs for k in _verb_keys(verb, rules))
            if strict and x.lower_ not in rules.person_nouns:
                continue
            link = Link(pt[0], pt[1], "parse:singular", x, verb, 0.75)
        start = min(
            [x.i]
            + [c.i for c in x.children if c.i < x.i and c.dep_ in ("det", "amod", "compound", "poss", "nmod")]
        )
        if x.tag_ == "NNP":
            while start > 0 and doc[start - 1].tag_ == "NNP" and doc[start - 1].ent_type_ == "PERSON":
                start -= 1
        span = doc[start : x.i + 1]
        out.append((span.start_char, span.end_char, 1, link))
    return out


def _is_single_person(tok, rules: Rules) -> bool:
    """A named person, 'a/an <noun>' (any noun: 'a muezzin'), or 'the/his <person noun>'."""
    if tok.tag_ == "NNP":
        return tok.ent_type_ == "PERSON" or any(
            c.dep_ == "appos" and c.lower_ in rules.person_nouns for c in tok.children
        )
    dets = [c.lower_ for c in tok.children if c.dep_ in ("det", "poss")]
    if any(d in rules.singular_indefinite for d in dets):
        # the victim of a killing verb is a person unless the noun is a known thing
        return tok.lower_ not in rules.not_persons and tok.lower_ not in rules.non_nouns
    return tok.lower_ in rules.person_nouns and bool(dets) and not any(d in rules.singular_excluded for d in dets)
