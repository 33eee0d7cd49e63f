
import dagster as dg
import polars as pl

from pipeline.batching import batched
from pipeline.casualties.extract import EXTRACTOR_VERSION, extract_article_figures, is_candidate
from pipeline.metadata import table_metadata
from pipeline.partitions import arrival_day_partitions, partition_days
from pipeline.progress import Progress
from pipeline.quality.checks import read_sql, run_table_check
from pipeline.resources import SpacyResource, WarehouseResource
from pipeline.warehouse import insert_frame

ARTICLE_BATCH = 200
FIGURE_SCHEMA = {
    "figure_id": pl.String, "article_id": pl.String, "sentence_idx": pl.Int32, "start_char": pl.Int32,
    "end_char": pl.Int32, "figure_text": pl.String, "sentence_text": pl.String, "casualty_type": pl.String,
    "type_rule": pl.String, "count_low": pl.Int64, "count_best": pl.Int64, "count_high": pl.Int64,
    "hedge": pl.String, "figure_kind": pl.String, "kind_rule": pl.String, "period_start": pl.Date,
    "period_end": pl.Date, "report_date": pl.Date, "published_date": pl.Date, "claimant_text": pl.String,
    "claimant_entity_id": pl.String, "claimant_name": pl.String, "location_text": pl.String,
    "location_entity_id": pl.String, "location_name": pl.String, "victim_group": pl.String,
    "rule_id": pl.String, "confidence": pl.Float64, "extractor_version": pl.String, "ingest_date": pl.Date,
}


def figures_for_batch(con, article_ids: list[str], parser) -> list[dict]:
    """Casualty figures of a batch of articles, read from the stored sentences and mentions."""
    articles = con.execute(read_sql("casualty_inputs/articles.sql"), [article_ids]).fetchall()
    sentences: dict[str, list[dict]] = {}
    for row in con.execute(read_sql("casualty_inputs/sentences.sql"), [article_ids]).pl().iter_rows(named=True):
        sentences.setdefault(row.pop("article_id"), []).append(row)
    mentions: dict[str, list[dict]] = {}
    for row in con.execute(read_sql("casualty_inputs/mentions.sql"), [article_ids]).pl().iter_rows(named=True):
        mentions.setdefault(row["article_id"], []).append(row)
    figures = []
    for article_id, body, published_date, ingest_date in articles:
        article_sentences = sentences.get(article_id, [])
        if not any(is_candidate(s["text"]) for s in article_sentences):
            continue
        for figure in extract_article_figures(
                article_id=article_id, body=body, published_date=published_date, sentences=article_sentences,
                mentions=mentions.get(article_id, []), nlp=parser):
            figures.append({**figure, "published_date": published_date, "ingest_date": ingest_date})
    return figures


@dg.asset(
    deps=["sentences", "mentions"],
    partitions_def=arrival_day_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="casualties",
    kinds={"spacy", "duckdb", "polars"},
)
def casualty_figures(context: dg.AssetExecutionContext, warehouse: WarehouseResource,
                     nlp: SpacyResource) -> dg.MaterializeResult:
    """One row per casualty figure stated in an article: type (killed / injured / missing / casualties),
    low-best-high counts with the hedge, cumulative or incremental with the period and report_date,
    claimant and place linked to entities, victim group, and provenance (sentence, character span,
    rule, extractor version). Only sentences that pass a cheap prefilter are parsed again, with the
    dependency parser. Re-running a day replaces that day's figures."""
    days = list(partition_days(context))
    parser = nlp.load_parser()
    n_figures = 0
    with warehouse.connect() as con:
        ids = [r[0] for r in con.execute(
            "select distinct article_id from sentences where ingest_date between ? and ? order by 1", days).fetchall()]
        context.log.info(f"Extracting casualty figures ({EXTRACTOR_VERSION}) from {len(ids)} articles")
        con.begin()
        con.execute("delete from casualty_figures where ingest_date between ? and ?", days)
        progress = Progress("casualties", len(ids), context.log.info)
        for id_batch in batched(ids, ARTICLE_BATCH):
            figures = figures_for_batch(con, id_batch, parser)
            n_figures += insert_frame(con, "casualty_figures", pl.DataFrame(figures, schema=FIGURE_SCHEMA))
            progress.advance(len(id_batch), f"{n_figures} figures")
        con.commit()
        metadata = table_metadata(
            con, "casualty_figures", "ingest_date between ? and ?", days,
            "figure_text, casualty_type, count_low, count_best, count_high, figure_kind, report_date, "
            "claimant_name, location_name")
    return dg.MaterializeResult(metadata={**metadata, "extractor_version": EXTRACTOR_VERSION})


@dg.asset_check(asset=casualty_figures, partitions_def=arrival_day_partitions, blocking=True)
def casualty_figures_expectations(context: dg.AssetCheckExecutionContext,
                                  warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """GX suite expectations/casualty_figures.json: low <= best <= high, counts non-negative and sane,
    report_date not after published_date, provenance span inside the article and matching it."""
    return run_table_check(warehouse, "casualty_figures", list(partition_days(context)), id_column="figure_id")


