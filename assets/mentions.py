import dagster as dg
import polars as pl

from pipeline.batching import batched
from pipeline.metadata import table_metadata
from pipeline.nlp.mentions import doc_mentions
from pipeline.partitions import arrival_day_partitions, partition_days
from pipeline.progress import Progress
from pipeline.quality.checks import run_table_check
from pipeline.resources import SpacyResource, WarehouseResource
from pipeline.warehouse import insert_frame

ARTICLE_BATCH = 256
SENTENCE_SCHEMA = {"article_id": pl.String, "sentence_idx": pl.Int32, "start_char": pl.Int32,
                   "end_char": pl.Int32, "text": pl.String, "ingest_date": pl.Date}
MENTION_SCHEMA = {
    "mention_id": pl.String, "article_id": pl.String, "entity_id": pl.String, "entity_name": pl.String,
    "label": pl.String, "text": pl.String, "start_char": pl.Int32, "end_char": pl.Int32,
    "sentence_idx": pl.Int32, "sentence_start": pl.Int32, "sentence_end": pl.Int32, "rule": pl.String,
    "ingest_date": pl.Date,
}


@dg.multi_asset(
    specs=[
        dg.AssetSpec("sentences", deps=["parsed_articles"], kinds={"spacy", "duckdb"},
                     description="Sentences of every English article, with their offsets in the body."),
        dg.AssetSpec("mentions", deps=["parsed_articles"], kinds={"spacy", "duckdb"},
                     description="One row per entity mention (spaCy NER plus the entity rules in "
                     "pipeline/nlp/rules), with its canonical entity, sentence and character offsets: "
                     "body[start_char:end_char] == text always holds."),
    ],
    partitions_def=arrival_day_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="language",
)
def read_articles(context: dg.AssetExecutionContext, warehouse: WarehouseResource, nlp: SpacyResource):
    """Run spaCy over the day's English articles in batches and store sentences and mentions.

    Streams: article bodies are read, parsed and written ARTICLE_BATCH at a time, so memory stays flat.
    Re-running a day replaces that day's rows in one transaction.
    """
    days = list(partition_days(context))
    model = nlp.load()
    context.log.info(f"spaCy {nlp.model_name} with {model.pipe_names}")
    n_sentences = n_mentions = 0
    with warehouse.connect() as con:
        ids = [r[0] for r in con.execute(
            "select article_id from parsed_articles where ingest_date between ? and ? and language = 'en' "
            "order by article_id", days).fetchall()]
        context.log.info(f"Reading {len(ids)} English articles of {days[0]}..{days[1]}")
        con.begin()
        con.execute("delete from sentences where ingest_date between ? and ?", days)
        con.execute("delete from mentions where ingest_date between ? and ?", days)
        progress = Progress("nlp", len(ids), context.log.info)
        for id_batch in batched(ids, ARTICLE_BATCH):
            rows = con.execute("select article_id, body, ingest_date from parsed_articles "
                               "where article_id in (select unnest(?)) order by article_id", [id_batch]).fetchall()
            sentences, mentions = [], []
            docs = model.pipe((body for _, body, _ in rows), batch_size=nlp.batch_size)
            for (article_id, _, ingest_date), doc in zip(rows, docs, strict=True):
                doc_sentences, doc_mentions_ = doc_mentions(doc, article_id)
                sentences += [{**s, "ingest_date": ingest_date} for s in doc_sentences]
                mentions += [{**m, "ingest_date": ingest_date} for m in doc_mentions_]
            n_sentences += insert_frame(con, "sentences", pl.DataFrame(sentences, schema=SENTENCE_SCHEMA))
            n_mentions += insert_frame(con, "mentions", pl.DataFrame(mentions, schema=MENTION_SCHEMA))
            progress.advance(len(id_batch), f"{n_mentions} mentions")
        con.commit()
        where = "ingest_date between ? and ?"
        sentences_md = table_metadata(con, "sentences", where, days, "article_id, sentence_idx, text")
        mentions_md = table_metadata(con, "mentions", where, days,
                                     "text, label, entity_name, start_char, end_char, sentence_idx, rule")
        labels = dict(con.execute(f"select label, count(*) from mentions where {where} group by 1 order by 2 desc",
                                  days).fetchall())
    yield dg.MaterializeResult(asset_key="sentences", metadata=sentences_md)
    yield dg.MaterializeResult(asset_key="mentions", metadata={**mentions_md, "labels": dg.MetadataValue.json(labels)})


@dg.asset_check(asset="sentences", partitions_def=arrival_day_partitions, blocking=True)
def sentences_expectations(context: dg.AssetCheckExecutionContext,
                           warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """GX suite expectations/sentences.json: offsets inside the body and matching the text."""
    return run_table_check(warehouse, "sentences", list(partition_days(context)), id_column="sentence_key")


@dg.asset_check(asset="mentions", partitions_def=arrival_day_partitions, blocking=True)
def mentions_expectations(context: dg.AssetCheckExecutionContext,
                          warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """GX suite expectations/mentions.json: offsets match the body, labels from spaCy's set, named
    mentions carry an entity."""
    return run_table_check(warehouse, "mentions", list(partition_days(context)), id_column="mention_id")
