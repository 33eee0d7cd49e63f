"""What the worker processes run, one batch of articles per task: reading (spaCy sentences and entities) and
casualty extraction. Top-level functions of plain data in, Polars frames out, so they cross process boundaries;
each process loads a model once (cached) and keeps it for the run's later tasks."""

import datetime as dt
from dataclasses import dataclass
from functools import cache

import polars as pl

from pipeline.warehouse.schema import frame


@dataclass(frozen=True)
class ReadTask:
    model_name: str
    batch_size: int
    articles: list[tuple[str, str, dt.date]]  # (article_id, body, ingest_date)


@dataclass(frozen=True)
class ExtractTask:
    model_name: str
    version: str
    articles: list[dict]  # article_id, body, published_date, ingest_date, sentences, mentions


@cache
def _reading_nlp(model_name: str):
    from pipeline.nlp.model import load_nlp

    return load_nlp(model_name)


@cache
def _parsing_nlp(model_name: str):
    import spacy

    return spacy.load(model_name)


def read_articles(task: ReadTask) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(sentences, mentions) of a batch of articles."""
    from pipeline.nlp.mentions import doc_mentions

    nlp = _reading_nlp(task.model_name)
    sentences, mentions = [], []
    docs = nlp.pipe((body for _, body, _ in task.articles), batch_size=task.batch_size)
    for (article_id, _, ingest_date), doc in zip(task.articles, docs, strict=True):
        doc_sentences, doc_mentions_ = doc_mentions(doc, article_id)
        sentences += [{**s, "ingest_date": ingest_date} for s in doc_sentences]
        mentions += [{**m, "ingest_date": ingest_date} for m in doc_mentions_]
    return frame("sentences", sentences), frame("mentions", mentions)


def extract_figures(task: ExtractTask) -> pl.DataFrame:
    """Casualty figures of a batch of articles, from their stored sentences and mentions."""
    from pipeline.casualties.extract import extract_article_figures, is_candidate

    parser = _parsing_nlp(task.model_name)
    rows = []
    for article in task.articles:
        if not any(is_candidate(s["text"]) for s in article["sentences"]):
            continue
        for figure in extract_article_figures(
                article_id=article["article_id"], body=article["body"], published_date=article["published_date"],
                sentences=article["sentences"], mentions=article["mentions"], nlp=parser):
            rows.append({**figure, "published_date": article["published_date"], "ingest_date": article["ingest_date"],
                         "extractor_version": task.version})
    return frame("casualty_figures", rows)
