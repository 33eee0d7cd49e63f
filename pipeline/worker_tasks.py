"""What the worker processes run, one batch per task: parsing raw records, reading (spaCy sentences and entities)
and casualty extraction; a step with few items runs them in the side process instead. Top-level functions of
plain data in, Polars frames out, so they cross process boundaries; each process loads a model once (cached) and
keeps it for later tasks (the side process: for later runs too)."""

import datetime as dt
import threading
from dataclasses import dataclass

import polars as pl

from pipeline.warehouse.schema import frame


@dataclass(frozen=True)
class ParseTask:
    raws: list[dict]  # raw_articles rows
    today: dt.date


@dataclass(frozen=True)
class ReadTask:
    model_name: str
    batch_size: int
    articles: list[tuple[str, str, dt.date]]  # (article_id, body, ingest_date)


@dataclass(frozen=True)
class ExtractTask:
    model_name: str
    version: str
    batch: list[tuple[str, dt.date]]  # (article_id, ingest_date) of every article the task covers
    articles: list[dict]  # those with a candidate sentence: article_id, body, published_date, ingest_date,
    # sentences, mentions


_LOADING = threading.RLock()  # the side process warms up beside its calls: a task waits for the warm-up
_STARTING = threading.Lock()  # held only while a warm-up is looked up and recorded
_WARM_UP = "Officials in Khan Younis said on Monday that 12 people were killed and 30 injured in an air strike."
_WARMED: set[str] = set()  # models this process has warmed up, or is warming up


def _loaded(loader, model_name: str):
    with _LOADING:
        return loader(model_name)


def warm_up(model_name: str) -> None:
    """Both spaCy tasks once on a sentence: the models, the rules, the gazetteer and spaCy's first calls (seconds
    in all) are paid before a real task comes. Run by the workers' fork server before any worker is forked."""
    day = dt.date(2024, 1, 1)
    with _LOADING:
        sentences, mentions = read_articles(ReadTask(model_name, 1, [("warm-up", _WARM_UP, day)]))
        columns = ["sentence_idx", "start_char", "end_char", "text"]
        extract_figures(ExtractTask(model_name, "warm-up", [("warm-up", day)], [{
            "article_id": "warm-up", "body": _WARM_UP, "published_date": day, "ingest_date": day,
            "sentences": sentences.select(columns).to_dicts(), "mentions": mentions.to_dicts()}]))
        _WARMED.add(model_name)


def warm_up_soon(model_name: str) -> None:
    """In the side process, for a run with few articles to read: the warm-up runs in the background, so the
    calls meanwhile (validations, parsing) need not wait for it; a task waits for the models it needs. Once per
    model: the side process keeps them for later runs."""
    with _STARTING:
        if model_name in _WARMED:  # warmed up, or a warm-up under way: a second one would only take turns
            return
        _WARMED.add(model_name)
    threading.Thread(target=warm_up, args=(model_name,), name=f"warm-up {model_name}", daemon=True).start()


def parse_records(task: ParseTask) -> list[tuple[dict | None, dict | None]]:
    """(parsed row, None) or (None, rejected row) of each raw record, in order."""
    from pipeline.steps.parse import parse_or_reject

    return [parse_or_reject(raw, task.today) for raw in task.raws]


def read_articles(task: ReadTask) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(sentences, mentions) of a batch of articles."""
    from pipeline.nlp.mentions import doc_mentions
    from pipeline.nlp.model import load_nlp

    nlp = _loaded(load_nlp, task.model_name)
    sentences, mentions = [], []
    docs = nlp.pipe((body for _, body, _ in task.articles), batch_size=task.batch_size)
    for (article_id, body, ingest_date), doc in zip(task.articles, docs, strict=True):
        doc_sentences, doc_mentions_ = doc_mentions(doc, article_id, body)
        sentences += [{**s, "ingest_date": ingest_date} for s in doc_sentences]
        mentions += [{**m, "ingest_date": ingest_date} for m in doc_mentions_]
    return frame("sentences", sentences), frame("mentions", mentions)


def extract_figures(task: ExtractTask) -> pl.DataFrame:
    """Casualty figures of a batch of articles, from their stored sentences and mentions: the candidate
    sentences of the whole batch are parsed in one pass, by the components the rules read."""
    if not task.articles:
        return frame("casualty_figures", [])
    from pipeline.casualties.extract import extract_batch
    from pipeline.nlp.model import load_parser

    rows = extract_batch(task.articles, _loaded(load_parser, task.model_name))
    ingest_dates = {a["article_id"]: a["ingest_date"] for a in task.articles}
    return frame("casualty_figures", [{**row, "ingest_date": ingest_dates[row["article_id"]],
                                       "extractor_version": task.version} for row in rows])
