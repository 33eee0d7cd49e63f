"""Link a number to a casualty type: through the dependency parse when the sentence was parsed,
else (or when the parse finds nothing) through word windows around the number.

A link says which casualty type the number counts, which rule decided it, and which tokens
carry the victims (for victim_group) and the predicate (for claimant search and clause sums).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numbers import NumberExpr
from .rules import Rules

_AUX = {
    "were",
    "was",
    "have",
    "has",
    "had",
    "been",
    "are",
    "is",
    "be",
    "being",
    "also",
    "reportedly",
    "later",
    "all",
    "both",
    "allegedly",
    "subsequently",
    "now",
    "since",
    "confirmed",
    "believed",
    "feared",
    "reported",
    "said",
    "to",
    "on",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "yesterday",
    "today",
    "critically",
    "seriously",
    "badly",
    "slightly",
    "fatally",
    "shot",
}
_VICTIM_ROLES_PASSIVE = {"nsubjpass"}
_VICTIM_ROLES_OBJECT = {"dobj", "obj"}


@dataclass(frozen=True)
class Link:
    ctype: str
    type_rule: str
    rule_id: str
    head: object | None  # token counted ('people', 'civilians') or None
    pred: object | None  # predicate token (verb or noun) or None
    confidence: float


def _low(tok) -> str:
    return tok.lower_


def _lemma(tok) -> str:
    return (tok.lemma_ or tok.lower_).lower()


def _verb_keys(tok) -> list[str]:
    """Lemma, then crude stems of the surface form, for pipelines without a lemmatizer."""
    low = tok.lower_
    keys = [_lemma(tok), low]
    for suffix, add in (
        ("ing", ""),
        ("ing", "e"),
        ("ed", ""),
        ("ed", "e"),
        ("d", ""),
        ("es", ""),
        ("s", ""),
        ("ied", "y"),
        ("ies", "y"),
    ):
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            keys.append(low[: -len(suffix)] + add)
    irregular = {
        "slain": "slay",
        "shot": "shoot",
        "died": "die",
        "dying": "die",
        "hurt": "hurt",
        "gunned": "gun",
        "stabbed": "stab",
        "burnt": "burn",
        "lost": "lose",
        "took": "take",
        "left": "leave",
    }
    if low in irregular:
        keys.insert(0, irregular[low])
    return keys


def _killed_modifier(verb) -> bool:
    nxt = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if nxt is not None and nxt.lower_ in ("dead", "down"):
        return True
    for c in verb.children:
        if c.lower_ in ("dead", "fatally", "mortally", "down"):
            return True
        if c.dep_ == "prep" and c.lower_ == "to" and any(g.lower_ == "death" for g in c.children):
            return True
        if c.dep_ == "conj" and _lemma(c) in ("kill", "die", "murder"):
            return True
    return False


def verb_type(verb, rules: Rules) -> tuple[str, str] | None:
    """Casualty type of a verb token, or None."""
    if any(
        c.dep_ == "prt" and c.lower_ in rules.types["particle_exclusions"]["words"] for c in verb.children
    ):
        return None
    for lemma in _verb_keys(verb):
        t = rules.verb_type.get(lemma)
        if t:
            return t, f"verb:{lemma}"
        amb = rules.types["ambiguous_verbs"].get(lemma)
        if amb:
            if _killed_modifier(verb):
                return "killed", f"verb:{lemma}+dead"
            return amb, f"verb:{lemma}"
    return None


def _predicate_type(verb, rules: Rules, role: str = "nsubjpass") -> tuple[str, str] | None:
    """Type of a predicate: the verb itself, a predicate adjective ('left 32 people dead', 'are missing'),
    or a conjoined/complement casualty verb ('were attacked and killed')."""
    vt = verb_type(verb, rules)
    if vt:
        return vt
    if _loses_lives(verb):
        return "killed", "verb:lose_lives"
    if _to_death(verb):  # 'beaten to death', 'tortured to death', 'found dead'
        return "killed", "mod:to_death"
    if verb.lower_ in rules.adj_type and verb.tag_ not in ("VBD", "VBZ", "VBP"):  # '20 fishermen are missing'
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


def _to_death(verb) -> bool:
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "to" and any(g.lower_ == "death" for g in c.children):
            return True
        if c.dep_ in ("oprd", "acomp", "xcomp") and c.lower_ == "dead":
            return True
    return False


def _human_enough(verb, counted, in_span: set[int], rules: Rules) -> bool:
    """'executed two contracts' is not a killing: verbs with non-human objects need a person noun."""
    if not any(k in rules.types["person_object_verbs"]["verbs"] for k in _verb_keys(verb)):
        return True
    word = counted.lower_
    return (
        counted.i in in_span
        or word in rules.person_nouns
        or word in rules.group_of
        or word in ("people", "persons", "men", "others", "civilians", "protesters", "demonstrators")
    )


def _loses_lives(verb) -> bool:
    """'31 persons lost their lives'."""
    return _lemma(verb) in ("lose", "lost") and any(
        c.dep_ == "dobj" and c.lower_ in ("life", "lives") for c in verb.children
    )


def _is_victim_role(x, verb, rules: Rules) -> bool:
    role = x.dep_
    if role == "nsubj" and _loses_lives(verb):
        return True
    if role in _VICTIM_ROLES_PASSIVE:
        return True
    has_obj = any(c.dep_ in _VICTIM_ROLES_OBJECT for c in verb.children)
    if role in _VICTIM_ROLES_OBJECT:
        return True
    if role == "nsubj":
        if any(k in rules.types["intransitive_killed"] for k in _verb_keys(verb)):
            return True
        # reduced passive: '14 others wounded', 'Five killed in clashes', 'with 8,700 people injured'
        if not has_obj and not any(c.dep_ == "aux" for c in verb.children) and verb_type(verb, rules):
            return True
        # 'are dead', 'remain missing', 'were reported missing'
        if verb.lower_ in rules.adj_type and verb.tag_ not in ("VBD", "VBZ", "VBP"):
            return True
        return any(c.dep_ in ("acomp", "oprd", "attr") and c.lower_ in rules.adj_type for c in verb.children)
    return False


def _toll_governs(tok, rules: Rules) -> bool:
    """'death toll of 22', 'the toll rose to 22', 'put the toll at 22', 'the toll is 22'."""
    tolls = set(rules.types["toll_words"])
    x = tok
    for _ in range(4):
        if _lemma(x) in tolls:
            return True
        if any(_lemma(c) in tolls and c.dep_ in ("nsubj", "dobj", "nsubjpass", "attr") for c in x.children):
            return True
        if x.dep_ in ("ROOT", "ccomp", "advcl", "relcl") or x.head is x:
            return False
        x = x.head
    return False


_OF_NOUNS = {
    "death",
    "deaths",
    "killing",
    "killings",
    "murder",
    "murders",
    "body",
    "bodies",
    "execution",
    "executions",
    "massacre",
    "injury",
    "injuries",
    "wounding",
    "lives",
    "remains",
}


def _of_casualty_noun(x, rules: Rules) -> str | None:
    """'the death of seven persons', 'the bodies of 42 fishermen', 'the killing of a leader'."""
    if x.dep_ != "pobj" or x.head.lower_ != "of" or x.head.head.i == x.head.i:
        return None
    noun = x.head.head.lower_
    if noun not in _OF_NOUNS:
        return None
    return {
        "killing": "killed",
        "killings": "killed",
        "murder": "killed",
        "murders": "killed",
        "execution": "killed",
        "executions": "killed",
        "massacre": "killed",
        "remains": "killed",
        "wounding": "injured",
    }.get(noun, noun)


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
    # 'dozens of people', 'three of her children': the noun after 'of'
    counted = head
    if head.i in in_span or head.pos_ == "NUM":
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                counted = next((g for g in c.children if g.dep_ == "pobj"), head)
    word = _low(counted)
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
        if x.dep_ == "appos":  # 'Six people, two nationals and four Somalis, ...': a breakdown, not a figure
            return None
        x = x.head
    of_noun = _of_casualty_noun(x, rules)
    if of_noun:
        return Link(rules.noun_type[of_noun], f"noun:{of_noun}", "parse:of_noun", counted, x.head.head, 0.85)
    # 'the toll reached 2,215, with 8,700 people injured': the word after the count wins over the toll
    after = counted.doc[counted.i + 1] if counted.i + 1 < len(counted.doc) else None
    if (
        after is not None
        and after.lower_ in rules.adj_type
        and (
            (counted.i not in in_span and (after.pos_ == "ADJ" or after.head.i == counted.i))
            or (counted.i in in_span and after.i == span[-1].i + 1 and after.tag_ != "VBD")
        )
    ):
        return Link(rules.adj_type[after.lower_], f"adj:{after.lower_}", "parse:adj", counted, after, 0.8)
    verb = x.head
    if verb.i != x.i and verb.pos_ in ("VERB", "AUX", "ADJ"):
        pt = _predicate_type(verb, rules, x.dep_)
        if pt and _is_victim_role(x, verb, rules) and _human_enough(verb, counted, in_span, rules):
            return Link(pt[0], pt[1], "parse:verb", counted, verb, 0.85)
    if _toll_governs(x, rules):
        return Link("killed", "toll", "parse:toll", counted, x.head, 0.85)
    return None


_VERB_FORMS = re.compile(
    r"^(?:killed|died|dead|murdered|executed|beheaded|slain|massacred|assassinated|lynched|slaughtered|"
    r"perished|succumbed|shot dead|gunned down|stabbed to death|burned to death|hacked to death|"
    r"injured|wounded|hurt|maimed|missing|disappeared|martyred)\b",
    re.IGNORECASE,
)
_ACTIVE_LEFT = re.compile(
    r"\b(?P<verb>kill(?:ed|ing|s)?|injur(?:ed|ing|es)|wound(?:ed|ing|s)|murder(?:ed|ing|s)|"
    r"massacr(?:ed|ing|es)|slaughter(?:ed|ing|s)|beheaded|shot dead|shooting dead|leaving|left|claimed|"
    r"claiming|took|taking|cost|costing)\s+(?:another\s+|a further\s+|an additional\s+|the\s+)?$",
    re.IGNORECASE,
)
_LIFE_OR_DEAD = re.compile(
    r"^\s*(?:[\w-]+\s+){0,2}?(?:lives|dead|injured|wounded|fatalities|deaths|casualties)\b", re.IGNORECASE
)


def _form_type(form: str, rules: Rules) -> str:
    f = form.lower()
    if f.startswith(("injur", "wound", "hurt", "maim")):
        return "injured"
    if f.startswith(("missing", "disappear")):
        return "missing"
    return "killed"


def link_by_window(text: str, expr: NumberExpr, rules: Rules) -> Link | None:
    """Word-window rules: '22 killed', '30 were killed', '100 fatalities', 'killing seven'."""
    left, right = text[: expr.start], text[expr.end :]
    m = _ACTIVE_LEFT.search(left[-40:])
    if m:
        verb = m.group("verb").lower()
        if verb in ("leaving", "left", "claimed", "claiming", "took", "taking", "cost", "costing"):
            m2 = _LIFE_OR_DEAD.match(right)
            if m2:
                last = m2.group().split()[-1].lower()
                return Link(
                    rules.noun_type.get(last, rules.adj_type.get(last, "killed")),
                    f"noun:{last}",
                    "window:leave",
                    None,
                    None,
                    0.65,
                )
        else:
            return Link(_form_type(verb, rules), f"form:{verb}", "window:active", None, None, 0.65)
    words = re.findall(r"[A-Za-z'-]+|[,.;:()]|\d[\d,]*", right[:120])
    skippable = (
        set(rules.group_of)
        | rules.person_nouns
        | {"people", "persons", "others", "other", "more", "individuals", "of", "them", "those", "men"}
    )
    i = 0
    while i < len(words) and i < 4 and words[i].lower() in skippable:
        i += 1
    if i < len(words):
        w = words[i].lower()
        if w in rules.noun_type:
            return Link(rules.noun_type[w], f"noun:{w}", "window:noun", None, None, 0.7)
        j, saw_aux = i, False
        while j < len(words) and words[j].lower() in _AUX and j - i < 4:
            saw_aux = True
            j += 1
        rest = " ".join(words[j : j + 4])
        m = _VERB_FORMS.match(rest)
        if m:
            after = words[j + len(m.group().split()) : j + len(m.group().split()) + 2]
            has_object = any(re.match(r"\d|an?$|the$|at$|\w+ing$", a, re.IGNORECASE) for a in after)
            if saw_aux or i == 0 or not has_object:
                return Link(
                    _form_type(m.group(), rules),
                    f"form:{m.group().lower()}",
                    "window:passive",
                    None,
                    None,
                    0.65,
                )
    m = re.search(r"\b(?:death |casualty )?(?:toll|tally)\b[^,.;\d]{0,40}$", left, re.IGNORECASE)
    if m:
        return Link("killed", "toll", "window:toll", None, None, 0.7)
    return None


_SINGULAR_DETS = {"a", "an", "another", "one", "the", "this", "that"}


def singular_victims(doc, rules: Rules, used: set[int]) -> list[tuple[int, int, int, Link]]:
    """Victims named without a number: 'killing a woman', 'an elderly man was shot dead',
    'Pascal Nshimirimana was killed', 'the killing of a local leader'. One figure of 1 per person; the
    article-level rule sums conjuncts ('a mother and four children'). (start, end, 1, link), doc offsets."""
    out = []
    if not doc.has_annotation("DEP"):
        return out
    for x in doc:
        if x.i in used or x.tag_ not in ("NN", "NNP") or x.dep_ in ("appos", "compound"):
            continue
        if any(c.dep_ == "nummod" for c in x.children) or not _is_single_person(x, rules):
            continue
        root = x
        while root.dep_ == "conj" and root.head.i != root.i:
            root = root.head
        of_noun = _of_casualty_noun(root, rules)
        if of_noun:
            link = Link(rules.noun_type[of_noun], f"noun:{of_noun}", "parse:singular", x, root.head.head, 0.7)
        else:
            verb = root.head
            if verb.i == root.i or verb.pos_ not in ("VERB", "AUX", "ADJ"):
                continue
            pt = _predicate_type(verb, rules, root.dep_)
            if not pt or not _is_victim_role(root, verb, rules):
                continue
            strict = rules.types["person_object_verbs"]["singular_strict"]
            if any(k in strict for k in _verb_keys(verb)) and x.lower_ not in rules.person_nouns:
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
    if any(d in ("a", "an", "another") for d in dets):
        # 'a muezzin', 'a peacekeeper', 'a prominent attorney': the victim of a killing verb is a person
        # unless the noun is a known thing
        return tok.lower_ not in _NOT_PERSONS and tok.lower_ not in rules.non_nouns
    return (
        tok.lower_ in rules.person_nouns
        and bool(dets)
        and not any(d in ("no", "every", "each") for d in dets)
    )


_NOT_PERSONS = {
    "airstrike",
    "strike",
    "raid",
    "base",
    "station",
    "centre",
    "center",
    "shooter",
    "computer",
    "corner",
    "border",
    "river",
    "sector",
    "tractor",
    "trailer",
    "container",
    "shelter",
    "tower",
    "quarter",
    "incident",
    "event",
    "moment",
    "parliament",
    "government",
    "settlement",
    "department",
    "tent",
    "restaurant",
    "plant",
    "clinic",
    "traffic",
    "order",
    "poster",
    "letter",
    "number",
    "dozen",
    "handful",
    "lot",
    "couple",
    "bomb",
    "car",
    "vehicle",
    "building",
    "total",
    "house",
    "home",
    "attack",
    "blast",
    "explosion",
    "family",
    "group",
    "crowd",
    "mosque",
    "church",
    "market",
    "school",
    "hospital",
    "convoy",
    "bus",
    "truck",
    "boat",
    "plane",
    "helicopter",
    "offensive",
    "operation",
    "war",
    "campaign",
    "invasion",
    "incursion",
    "bombardment",
    "siege",
    "ceasefire",
    "truce",
    "deal",
    "agreement",
    "statement",
    "report",
    "figure",
    "toll",
    "ministry",
    "army",
    "gunman",
    "bomber",
    "attacker",
    "assailant",
    "killer",
    "perpetrator",
    "sniper",
    "militant",
}
