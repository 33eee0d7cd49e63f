"""Imported once by the worker processes' fork server (pipeline/parallel.py): spaCy and the configured model's
reading and parsing pipelines are loaded here, before any worker is forked, so every worker starts with them."""

import contextlib

from pipeline import settings
from pipeline.parallel import die_with_parent

die_with_parent()  # the fork server goes when the run's process goes (its workers follow it)

with contextlib.suppress(Exception):  # a model that cannot load here fails, with its error, in the task itself
    from pipeline.nlp.model import load_nlp, load_parser

    load_nlp(settings.spacy_model())
    load_parser(settings.spacy_model())
