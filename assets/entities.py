import dagster as dg
import polars as pl

from pipeline import side_process
from pipeline.metadata import table_metadata
from pipeline.quality.checks import check_specs, step_checks
from pipeline.resources import WarehouseResource
from pipeline.run_tags import is_rebuild
from pipeline.steps.rebuilds import ENTITIES_VERSION, build_record, entities_changes, stale_stamp
from pipeline.warehouse.writes import apply_changes


def _with_coordinates(entities: pl.DataFrame) -> pl.DataFrame:
    """Coordinates of the place entities, looked up where the gazetteer is loaded already (the side process)."""
    return side_process.call("pipeline.nlp.canonical:with_coordinates", entities)


@dg.asset(deps=["mentions"], group_name="language", kinds={"duckdb", "polars"}, check_specs=check_specs("entities"))
def entities(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """One row per real-world thing across all articles: canonical name, label, aliases, mention and
    article counts, first and last publication day seen, and for places coordinates, country code and
    feature type. Rebuilt from all mentions (sql/entities.sql) when mentions changed since the last build."""
    with warehouse.connect() as con:
        stamp = stale_stamp(con, "entities", ENTITIES_VERSION, force=is_rebuild(context))
        if stamp:
            apply_changes(con, [*entities_changes(con, _with_coordinates),
                                build_record("entities", stamp, context.run.run_id)])
        else:
            context.log.info("Entities: no mention changed since the last build")
        checks = step_checks(context, con, warehouse.gx_project, [], bool(stamp), "entities")
        metadata = table_metadata(con, "entities", "true", [],
                                  "name, label, n_articles, n_mentions, latitude, longitude, country_code")
        places = con.execute("select count(*) from entities where latitude is not null").fetchone()[0]
    yield dg.MaterializeResult(metadata={**metadata, "rebuilt": bool(stamp), "places_with_coordinates": places})
    yield from checks
