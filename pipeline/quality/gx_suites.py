"""Run a Great Expectations 1.x suite (expectations/<table>.json) on a frame.

GX validates pandas, so the Polars frame is converted here, at the boundary. GX is imported lazily
(it costs seconds) and one ephemeral context is reused per process.
"""

import functools
import json
from dataclasses import dataclass, field

import polars as pl

from pipeline import settings


@dataclass
class FailedExpectation:
    expectation: str
    column: str | None
    severity: str
    unexpected_count: int | None
    sample: list = field(default_factory=list)
    bad_row_ids: list = field(default_factory=list)


@dataclass
class SuiteOutcome:
    suite: str
    n_rows: int
    n_expectations: int
    failed: list[FailedExpectation]
    data_docs_url: str | None = None

    @property
    def success(self) -> bool:
        return not self.failed

    @property
    def has_critical_failure(self) -> bool:
        return any(f.severity == "critical" for f in self.failed)


def load_suite_dict(table: str) -> dict:
    return json.loads((settings.EXPECTATIONS_DIR / f"{table}.json").read_text())


@functools.lru_cache(maxsize=1)
def _context():
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    return ctx


def validate(table: str, df: pl.DataFrame, id_column: str | None = None) -> SuiteOutcome:
    import great_expectations as gx

    ctx = _context()
    suite_dict = load_suite_dict(table)
    suite = gx.ExpectationSuite(**suite_dict)
    name = f"{table}_{id(df)}"
    source = ctx.data_sources.add_or_update_pandas(name)
    batch_def = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe(name)
    pdf = df.to_pandas()
    result_format = {"result_format": "SUMMARY", "partial_unexpected_count": 10}
    if id_column:
        result_format["unexpected_index_column_names"] = [id_column]
    result = batch_def.get_batch(batch_parameters={"dataframe": pdf}).validate(suite, result_format=result_format)
    ctx.data_sources.delete(name)
    failed = []
    for res in result.results:
        if res.success:
            continue
        config = res.expectation_config
        info = res.result or {}
        ids = [row.get(id_column) if isinstance(row, dict) else row
               for row in info.get("partial_unexpected_index_list") or []] if id_column else []
        failed.append(FailedExpectation(
            expectation=config.type,
            column=config.kwargs.get("column"),
            severity=str(getattr(config, "severity", "critical")).rsplit(".", 1)[-1].lower(),
            unexpected_count=info.get("unexpected_count"),
            sample=[_jsonable(v) for v in (info.get("partial_unexpected_list") or [])[:10]]
            or ([_jsonable(info.get("observed_value"))] if "observed_value" in info else []),
            bad_row_ids=ids[:10],
        ))
    return SuiteOutcome(suite_dict["name"], len(df), len(result.results), failed)


def _jsonable(value: object) -> object:
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
