
import dagster as dg
import polars as pl

from pipeline.batching import batched
from pipeline.casualties.extract import EXTRACTOR_VERSION, FIGURE_SCHEMA, extract_batch, is_candidate
from pipeline.metadata import table_metadata
from pipeline.partitions import arrival_day_partitions, partition_days
from pipeline.progress import Progress
from pipeline.quality.checks import read_sql, run_table_check
from pipeline.resources import SpacyResource, WarehouseResource
from pipeline.warehouse import insert_frame

ARTICLE_BATCH = 200


def figures_for_batch(con, article_ids: list[str], parser) -> list[dict]:
    """Casualty figures of a batch of articles, read from the stored sentences and mentions."""
    articles = con.execute(read_sql("casualty_inputs/articles.sql"), [article_ids]).fetchall()
    sentences: dict[str, list[dict]] = {}
    for row in con.execute(read_sql("casualty_inputs/sentences.sql"), [article_ids]).pl().iter_rows(named=True):
        sentences.setdefault(row.pop("article_id"), []).append(row)
    mentions: dict[str, list[dict]] = {}
    for row in con.execute(read_sql("casualty_inputs/mentions.sql"), [article_ids]).pl().iter_rows(named=True):
        mentions.setdefault(row["article_id"], []).append(row)
    batch, ingest_dates = [], {}
    for article_id, body, published_date, ingest_date in articles:
        article_sentences = sentences.get(article_id, [])
        if not any(is_candidate(s["text"]) for s in article_sentences):
            continue
        ingest_dates[article_id] = ingest_date
        batch.append({"article_id": article_id, "body": body, "published_date": published_date,
                      "sentences": article_sentences, "mentions": mentions.get(article_id, [])})
    figures = [{**f, "ingest_date": ingest_dates[f["article_id"]]} for f in extract_batch(batch, parser)]
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


