"""spaCy pipeline: sentence recogniser + NER + an entity ruler whose patterns are data.

Component choice (measured on 120 BBC articles, one core): en_core_web_sm's `senter` and `ner` each carry
their own tok2vec, so with only those two enabled the shared `tok2vec`, `tagger`, `parser`,
`attribute_ruler` and `lemmatizer` can be disabled (loaded, never run): ~11.7k tokens/s against ~6.2k with
tok2vec+parser+ner, with identical entities (NER does not depend on the parser). Other English pipelines
work too: without a senter the parser gives sentences, and a shared tok2vec/transformer is kept when
ner or the sentence component listens to it. The senter misses some paragraph breaks, so
mentions.py also splits sentences at line breaks (paragraphs are hard boundaries in our cleaned bodies).
The ruler only needs LOWER/ORTH, so it works without tagger or lemmatizer.

The entity_ruler runs after `ner` with overwrite_ents=True: rule spans replace overlapping model spans
("the UN Office" + "the Coordination of Humanitarian Affairs" -> one OCHA span). Patterns come from
rules/entity_patterns.jsonl (each with an id, used as the mention's `rule`) plus the multi-word names of
rules/places_curated.csv (id "place:<name>"). Single-word places are not ruler patterns on purpose: with
overwrite they would cut longer model spans ("Jenin Brigade"); canonical.py relabels them instead.
"""

import gc
from functools import lru_cache

import spacy

from pipeline.nlp.canonical import PLACE_PATTERN_PREFIX
from pipeline.nlp.fast_attributes import speed_up
from pipeline.nlp.gazetteer import label_for_feature
from pipeline.nlp.rules import entity_patterns, read_csv
from pipeline.settings import DEFAULT_SPACY_MODEL

MODEL_COMPONENTS = ("senter", "ner")  # what the default model runs; the bare-spaCy benchmark runs the same
ENABLED_COMPONENTS = (*MODEL_COMPONENTS, "entity_ruler")


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


def _needed_components(nlp: spacy.Language) -> set[str]:
    """ner + a sentence component (senter if the model has one, else parser) + any shared tok2vec or
    transformer they listen to. For en_core_web_sm that is just {senter, ner}."""
    names = nlp.component_names
    needed = {"ner"} | ({"senter"} if "senter" in names else {"parser"} & set(names))
    for name in ("tok2vec", "transformer"):
        if name in names and set(getattr(nlp.get_pipe(name), "listening_components", ())) & needed:
            needed.add(name)
    return needed


def load_model(model_name: str, tuned: bool = True) -> spacy.Language:
    """spacy.load, tuned for inference on CPU (`tuned=False`: spaCy's defaults, the benchmark's other baseline).

    Measured on 200 BBC articles, one process, identical entities, sentences, tags, parses and lemmas:
    - thinc's NumPy ops multiply matrices with NumPy's BLAS instead of the bundled BLIS, which falls back to its
      generic kernels on CPUs it does not recognise (this machine's EPYC: its gemm is 3x slower than NumPy's);
    - gc.freeze() after loading: the model's many Python objects leave the collector's generations, so the
      full collections that reading triggers no longer walk them all.
    Together the reading pipeline runs ~1.4x faster (23.1 s -> ~16 s), the parser ~1.1x. And the process keeps
    the memory spaCy frees for its next batch (pipeline/allocator.py): ~15% less CPU again."""
    if tuned:
        from thinc.api import NumpyOps, set_current_ops

        from pipeline.allocator import keep_freed_memory

        keep_freed_memory()

        set_current_ops(NumpyOps(use_blis=False))  # the models built by spacy.load take the current ops
    nlp = spacy.load(model_name)
    if tuned:
        gc.freeze()
    return nlp


def load_bare_nlp(model_name: str = DEFAULT_SPACY_MODEL, tuned: bool = True) -> spacy.Language:
    """The model with only the components we use enabled (others disabled, not run): the benchmark
    baseline, and the base of load_nlp."""
    nlp = load_model(model_name, tuned)
    needed = _needed_components(nlp)
    for name in nlp.component_names:
        if name in needed and name in nlp.disabled:
            nlp.enable_pipe(name)
        elif name not in needed and name not in nlp.disabled:
            nlp.disable_pipe(name)
    if not {"senter", "parser"} & needed:
        nlp.add_pipe("sentencizer", first=True)
    return nlp


@lru_cache(maxsize=2)
def load_nlp(model_name: str = DEFAULT_SPACY_MODEL, tuned: bool = True) -> spacy.Language:
    """The reading pipeline (sentences, NER, the entity rules), loaded once per process."""
    nlp = load_bare_nlp(model_name, tuned)
    ruler = nlp.add_pipe("entity_ruler", after="ner",
                         config={"overwrite_ents": True, "phrase_matcher_attr": "LOWER", "validate": True})
    ruler.add_patterns(ruler_patterns())
    return nlp


def enabled_components(nlp: spacy.Language) -> list[str]:
    """Names of the components that run (disabled ones are loaded but skipped)."""
    return list(nlp.pipe_names)


PARSER_COMPONENTS = ("tok2vec", "transformer", "tagger", "parser", "attribute_ruler", "lemmatizer")


@lru_cache(maxsize=2)
def load_parser(model_name: str) -> spacy.Language:
    """The components the casualty rules read (tags, dependencies, lemmas), loaded once per process.
    NER is excluded: the entity layer has run it already, and its mentions are set on the parsed
    sentences (casualties/extract.py), which halves the cost of the close reading."""
    nlp = load_model(model_name)
    for name in nlp.component_names:
        if name not in PARSER_COMPONENTS and name not in nlp.disabled:
            nlp.disable_pipe(name)
    if "attribute_ruler" in nlp.pipe_names:
        speed_up(nlp.get_pipe("attribute_ruler"))  # same attributes, a third of its time (fast_attributes.py)
    return nlp
