"""The version of each incremental step: a code version plus a hash of the rule data it reads (and, for the steps
that run spaCy, the model, its version and spaCy's own: releases differ in output, e.g. the lemmas of 3.8.7 and
3.8.18, so another spaCy makes those steps' rows again). A run processes again only what its step made at another
version; each row's version is recorded (processing_log.version, casualty_figures.extractor_version). Cheap: no
model is loaded to compute it."""

import hashlib
import importlib.metadata
from functools import cache
from pathlib import Path

PIPELINE_DIR = Path(__file__).resolve().parent
PARSE_CODE = "parse-2"
NLP_CODE = "nlp-2"


def _files_hash(*folders: Path) -> str:
    digest = hashlib.sha1()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:8]


@cache
def parse_version() -> str:
    return PARSE_CODE


def _spacy() -> str:
    return f"spacy-{importlib.metadata.version('spacy')}"


@cache
def nlp_version(model_name: str) -> str:
    try:
        model = f"{model_name}-{importlib.metadata.version(model_name)}"
    except importlib.metadata.PackageNotFoundError:  # a model loaded from a path
        model = model_name
    return f"{NLP_CODE}:{model}/{_spacy()}+{_files_hash(PIPELINE_DIR / 'nlp' / 'rules')}"


@cache
def casualties_version() -> str:
    from pipeline.casualties import EXTRACTOR_VERSION

    return f"{EXTRACTOR_VERSION}/{_spacy()}+{_files_hash(PIPELINE_DIR / 'casualties' / 'rules')}"
