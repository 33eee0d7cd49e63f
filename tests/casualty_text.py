"""Run invented text through the pipeline's own reading model, entity layer and casualty extractor."""

from __future__ import annotations

import datetime as dt
from functools import cache

from pipeline import settings
from pipeline.casualties.extract import extract_article_figures
from pipeline.nlp.mentions import doc_mentions
from pipeline.nlp.model import load_nlp, load_parser

PUB = dt.date(2024, 2, 7)  # a Wednesday


@cache
def models():
    """The reading model (sentences, entities) and the extractor's parser, as the pipeline loads them."""
    return load_nlp(settings.spacy_model()), load_parser(settings.spacy_model())


def article(body: str, pub: dt.date | None = PUB, article_id: str = "t") -> dict:
    reader, _ = models()
    sents, ments = doc_mentions(reader(body), article_id)
    return {"article_id": article_id, "body": body, "published_date": pub, "sentences": sents, "mentions": ments}


def run(body: str, pub: dt.date | None = PUB, article_id: str = "t") -> list[dict]:
    return extract_article_figures(**article(body, pub, article_id), nlp=models()[1])


def pick(rows: list[dict], *keys: str) -> list[tuple]:
    return [tuple(r[k] for k in keys) for r in rows]
