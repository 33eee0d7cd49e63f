"""Imported once by the worker processes' fork server (pipeline/parallel.py): spaCy and the configured model's
reading and parsing pipelines are loaded here, before any worker is forked, so every worker starts with them."""

import contextlib

from pipeline import settings

with contextlib.suppress(Exception):  # a model that cannot load here fails, with its error, in the task itself
    from pipeline import worker_tasks

    worker_tasks._reading_nlp(settings.spacy_model())
    worker_tasks._parsing_nlp(settings.spacy_model())
