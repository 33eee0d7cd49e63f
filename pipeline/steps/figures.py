"""Casualty figures of the scope's articles, from their stored sentences and mentions, in worker processes (a few
articles: in the side process).

Only articles with a candidate sentence (a casualty word: a cheap regex here) are sent to the workers, which
parse just those sentences; every article of the scope is recorded as processed."""

from collections import Counter
from collections.abc import Callable

import duckdb

from pipeline.batching import batched
from pipeline.casualties.candidates import is_candidate
from pipeline.parallel import WorkerPool
from pipeline.progress import Progress
from pipeline.steps.read import IN_WORKERS_FROM  # the same line as reading's: fewer articles, the side process
from pipeline.versions import casualties_version
from pipeline.warehouse.connection import one_thread
from pipeline.warehouse.processing import Scope, Step, batch_changes, processed_before, todo
from pipeline.warehouse.sql import read_sql
from pipeline.warehouse.writes import apply_changes
from pipeline.worker_tasks import ExtractTask, extract_figures

ARTICLES_PER_TASK = 96


def figures_step() -> Step:
    return Step("casualties", casualties_version(), "steps/article_items.sql", "article_id", ("casualty_figures",))


def figures_scope(con: duckdb.DuckDBPyConnection, scope: Scope, rebuild: bool, run_id: str | None, model_name: str,
                  pool: WorkerPool, log: Callable[[str], None] = lambda _: None) -> Counter:
    step = figures_step()
    counts: Counter = Counter()
    pending = todo(con, step, scope, rebuild)
    if not pending:
        log(f"Casualties: nothing new in {scope}")
        return counts
    log(f"Extracting casualty figures ({step.version}) from {len(pending)} articles of {scope}")

    def tasks():
        for batch in batched(pending, ARTICLES_PER_TASK):
            yield ExtractTask(model_name, step.version, batch,
                              _articles(con, [article_id for article_id, _ in batch]))

    progress = Progress("casualties", len(pending), log)
    with one_thread(con):
        for task, figures in pool.imap(extract_figures, tasks(), few=len(pending) < IN_WORKERS_FROM):
            ids = [article_id for article_id, _ in task.batch]
            apply_changes(con, batch_changes(step, task.batch, {"casualty_figures": figures}, run_id,
                                             replace=processed_before(con, step, ids)))
            counts.update(articles=len(task.batch), candidates=len(task.articles), figures=figures.height)
            progress.advance(len(task.batch), f"{counts['figures']} figures")
    pool.end_step()
    return counts


def _articles(con: duckdb.DuckDBPyConnection, ids: list[str]) -> list[dict]:
    """The batch's articles that have a candidate sentence, with their sentences and mentions."""
    sentences: dict[str, list[dict]] = {}
    for row in con.execute(read_sql("casualty_inputs/sentences.sql"), [ids]).pl().iter_rows(named=True):
        sentences.setdefault(row.pop("article_id"), []).append(row)
    wanted = [a for a, sents in sentences.items() if any(is_candidate(s["text"]) for s in sents)]
    if not wanted:
        return []
    mentions: dict[str, list[dict]] = {}
    for row in con.execute(read_sql("casualty_inputs/mentions.sql"), [wanted]).pl().iter_rows(named=True):
        mentions.setdefault(row["article_id"], []).append(row)
    return [{"article_id": article_id, "body": body, "published_date": published, "ingest_date": ingest_date,
             "sentences": sentences[article_id], "mentions": mentions.get(article_id, [])}
            for article_id, body, published, ingest_date in
            con.execute(read_sql("casualty_inputs/articles.sql"), [wanted]).fetchall()]
