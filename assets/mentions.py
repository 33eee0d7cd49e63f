import dagster as dg

from pipeline.metadata import table_metadata
from pipeline.partitions import N_SHARDS, article_partitions, run_scope
from pipeline.quality.checks import check_specs, step_checks
from pipeline.resources import SpacyResource, WarehouseResource
from pipeline.run_tags import is_rebuild
from pipeline.steps.read import read_scope

RUN_ROWS = "article_id in (select item_id from processing_log where step = 'nlp' and run_id = ?)"


@dg.multi_asset(
    specs=[
        dg.AssetSpec("sentences", deps=["parsed_articles"], kinds={"spacy", "duckdb"},
                     description="Sentences of every English article, with their offsets in the body."),
        dg.AssetSpec("mentions", deps=["parsed_articles"], kinds={"spacy", "duckdb"},
                     description="One row per entity mention (spaCy NER plus the entity rules in "
                     "pipeline/nlp/rules), with its canonical entity, sentence and character offsets: "
                     "body[start_char:end_char] == text always holds."),
    ],
    check_specs=[*check_specs("sentences"), *check_specs("mentions")],
    partitions_def=article_partitions,
    backfill_policy=dg.BackfillPolicy.single_run() if N_SHARDS == 1 else dg.BackfillPolicy.multi_run(1),
    group_name="language",
)
def mentions(context: dg.AssetExecutionContext, warehouse: WarehouseResource, nlp: SpacyResource):
    """Run spaCy over the English articles that need it, in worker processes, and store sentences and mentions.

    Incremental runs read only articles not read yet (at this model and rule version); a rebuild reads its
    days again. Each batch of articles is written in one transaction, so an article is never half-read.
    """
    scope = run_scope(context)
    with warehouse.connect() as con:
        counts = read_scope(con, scope, is_rebuild(context), context.run.run_id, nlp.model_name, nlp.batch_size,
                            nlp.pool, context.log.info)
        checks = step_checks(context, con, warehouse.gx_project, [scope.first_day, scope.last_day, context.run.run_id],
                             bool(counts["articles"]), "sentences", "mentions")
        sentences_md = table_metadata(con, "sentences", RUN_ROWS, [context.run.run_id],
                                      "article_id, sentence_idx, text")
        mentions_md = table_metadata(con, "mentions", RUN_ROWS, [context.run.run_id],
                                     "text, label, entity_name, start_char, end_char, sentence_idx, rule")
        labels = dict(con.execute(f"select label, count(*) from mentions where {RUN_ROWS} group by 1 order by 2 desc",
                                  [context.run.run_id]).fetchall())
    yield dg.MaterializeResult(asset_key="sentences", metadata=sentences_md)
    yield dg.MaterializeResult(asset_key="mentions", metadata={
        **mentions_md, "articles_read": counts["articles"], "labels": dg.MetadataValue.json(labels),
        # the reading itself (spaCy in the workers, writes included; checks not): what `make bench` compares
        "nlp_seconds": dg.MetadataValue.float(float(counts["seconds"])),
        "nlp_processes": counts["processes"] or 0})
    yield from checks
