"""Reading: spaCy over the scope's English articles into sentences and mentions, in worker processes (a few
articles: in the side process)."""

import time
from collections import Counter
from collections.abc import Callable

import duckdb

from pipeline.batching import batched
from pipeline.parallel import WorkerPool
from pipeline.progress import Progress
from pipeline.versions import nlp_version
from pipeline.warehouse.connection import one_thread
from pipeline.warehouse.processing import (
    Scope,
    Step,
    batch_changes,
    invalidate,
    processed_before,
    todo,
)
from pipeline.warehouse.writes import apply_changes
from pipeline.worker_tasks import ReadTask, read_articles

ARTICLES_PER_TASK = 48
IN_WORKERS_FROM = 20  # articles; fewer are read in the side process, whose spaCy is loaded already


def read_step(model_name: str) -> Step:
    return Step("nlp", nlp_version(model_name), "steps/article_items.sql", "article_id", ("sentences", "mentions"))


def read_scope(con: duckdb.DuckDBPyConnection, scope: Scope, rebuild: bool, run_id: str | None, model_name: str,
               batch_size: int, pool: WorkerPool, log: Callable[[str], None] = lambda _: None) -> Counter:
    """Read the scope's articles that need it (new, or read at another version); returns counts."""
    step = read_step(model_name)
    counts: Counter = Counter()
    pending = todo(con, step, scope, rebuild)
    if not pending:
        log(f"NLP: nothing new in {scope}")
        return counts
    few = len(pending) < IN_WORKERS_FROM
    where = "the side process" if few and pool.processes > 1 else f"{pool.processes} processes"
    log(f"Reading {len(pending)} English articles of {scope} with {model_name} in {where}")

    def tasks():
        for batch in batched(pending, ARTICLES_PER_TASK):
            ids = [article_id for article_id, _ in batch]
            rows = con.execute("select article_id, body, ingest_date from parsed_articles "
                               "where article_id in (select unnest(?)) order by article_id", [ids]).fetchall()
            yield ReadTask(model_name, batch_size, rows)

    progress = Progress("nlp", len(pending), log)
    with one_thread(con):
        for task, (sentences, mentions) in pool.imap(read_articles, tasks(), few):
            batch = [(article_id, day) for article_id, _, day in task.articles]
            ids = [article_id for article_id, _ in batch]
            changes = batch_changes(step, batch, {"sentences": sentences, "mentions": mentions}, run_id,
                                    replace=processed_before(con, step, ids))
            # new mentions mean new claimants and places: the articles' figures must be made again
            changes.append(invalidate("casualties", ids))
            apply_changes(con, changes)
            counts.update(articles=len(batch), sentences=sentences.height, mentions=mentions.height)
            progress.advance(len(batch), f"{counts['mentions']} mentions")
    pool.end_step()
    counts["seconds"] = round(time.monotonic() - progress.started, 1)
    counts["processes"] = 1 if few else pool.processes
    return counts
