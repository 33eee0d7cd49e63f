"""Imported once by the worker processes' fork server (pipeline/parallel.py): spaCy and the configured model's
reading and parsing pipelines, the casualty rules and the gazetteer are loaded here (and used once), before any
worker is forked, so every worker starts with them."""

import contextlib
import gc

from pipeline import settings
from pipeline.allocator import release_freed_memory
from pipeline.parallel import die_with_parent

die_with_parent()  # the fork server goes when the run's process goes (its workers follow it)

with contextlib.suppress(Exception):  # a model that cannot load here fails, with its error, in the task itself
    from pipeline.worker_tasks import warm_up

    warm_up(settings.spacy_model())
release_freed_memory()  # what the warm-up freed (the models keep it for reuse) is not inherited by every worker
gc.freeze()  # what the warm-up loaded stays out of the collector's walks, in the fork server and every worker
