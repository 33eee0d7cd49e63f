"""Run a Great Expectations 1.x suite (expectations/<table>.json) on a table's rows, and publish Data Docs.

GX validates pandas: the rows arrive as an Arrow file and are read into pandas here, at the boundary. GX is
imported lazily (it costs seconds); runs validate in their side process (pipeline/side_process.py), which imports
this module. One file context per GX project, and one checkpoint per suite, are made once per process (`prepare`
makes them all ahead). Each validation runs through its Checkpoint, which stores the result; `build_docs` renders
the Data Docs site from them when asked.
"""

import contextlib
import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import settings
from pipeline.warehouse.locks import hold_file_lock


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
    failed: list[FailedExpectation]
    data_docs_path: str | None = None  # the validation's page, relative to the Data Docs site (DOCS_SITE)


@functools.cache
def load_suite(table: str) -> dict:
    """expectations/<table>.json, read once per process."""
    return json.loads((settings.EXPECTATIONS_DIR / f"{table}.json").read_text())


DOCS_SITE = "gx/uncommitted/data_docs/local_site"  # inside the GX project folder


def docs_site(docs_dir: str) -> Path:
    return Path(docs_dir) / DOCS_SITE


def _suite_for_gx(table: str) -> dict:
    """The suite as GX takes it (our `meta.checks` stays ours)."""
    data = json.loads(json.dumps(load_suite(table)))
    data["meta"].pop("checks", None)
    return data


@functools.lru_cache(maxsize=4)
def _context(project_dir: str):
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    ctx = gx.get_context(mode="file", project_root_dir=project_dir)
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    return ctx


def suite_tables() -> list[str]:
    return sorted(path.stem for path in settings.EXPECTATIONS_DIR.glob("*.json"))


def id_column(table: str) -> str | None:
    """The column that names a row of `table` in failure reports (the suite's meta.id_column)."""
    return load_suite(table)["meta"].get("id_column")


def prepare(docs_dir: str) -> None:
    """Open the project's context and make every suite's checkpoint now, so validations find them ready."""
    _forget_if_removed(docs_dir)
    with _gx_turn(docs_dir):
        _checkpoints(str(docs_dir))


def _forget_if_removed(docs_dir: str) -> None:
    """A side process kept warm between runs can outlive a project folder (removed, or made again): its context
    and checkpoints go with it."""
    if not (Path(docs_dir) / "gx" / "great_expectations.yml").exists():
        _forget()


def _forget() -> None:
    _context.cache_clear()
    _checkpoints.cache_clear()


@functools.lru_cache(maxsize=4)
def _checkpoints(docs_dir: str) -> dict:
    """table -> its checkpoint in the project: every suite's at once, once per process (the caller holds the
    project's lock)."""
    ctx = _context(docs_dir)
    source = ctx.data_sources.add_or_update_pandas("warehouse")  # a source from disk lacks its context
    return {table: _checkpoint(ctx, source, table) for table in suite_tables()}


def _checkpoint(ctx, source, table: str):
    """The table's suite (read from JSON), dataframe asset, batch definition and checkpoint in the context."""
    import great_expectations as gx

    suite_ = ctx.suites.add_or_update(gx.ExpectationSuite(**_suite_for_gx(table)))
    asset = next((a for a in source.assets if a.name == table), None) or source.add_dataframe_asset(table)
    batch_def = next((b for b in asset.batch_definitions if b.name == "whole_frame"), None) \
        or asset.add_batch_definition_whole_dataframe("whole_frame")
    validation = ctx.validation_definitions.add_or_update(gx.ValidationDefinition(name=table, data=batch_def,
                                                                                   suite=suite_))
    result_format = {"result_format": "SUMMARY", "partial_unexpected_count": 10}
    if id_column_ := id_column(table):
        result_format["unexpected_index_column_names"] = [id_column_]
    # No UpdateDataDocsAction: rendering a page costs about a second per validation; the results are stored, and
    # `python -m pipeline docs` renders the site (build_data_docs) when someone looks.
    return ctx.checkpoints.add_or_update(gx.Checkpoint(
        name=table, validation_definitions=[validation], result_format=result_format, actions=[]))


def validate_file(table: str, path: str, docs_dir: str) -> SuiteOutcome:
    """Validate the rows of an Arrow IPC file against expectations/<table>.json; the GX project and its Data Docs
    live in `docs_dir`. A file is how a run hands its rows to the side process: neither process then holds a
    second copy of them (a pickled frame would be copied in both) beside the pandas frame GX reads."""
    import pyarrow as pa

    with pa.memory_map(path) as source:
        frame = pa.ipc.open_file(source).read_pandas()
    return _validate(table, frame, docs_dir)


def _validate(table: str, frame, docs_dir: str) -> SuiteOutcome:
    """GX's file stores are not safe for several processes at once (concurrent runs on a lake share the folder): a
    lock file makes validations take turns. Checkpoints another process has made again since (a concurrent run on
    the same project: GX finds ours stale) are made again here, once."""
    id_column_ = id_column(table)
    _forget_if_removed(docs_dir)
    with _gx_turn(docs_dir):
        try:
            checkpoint_result = _checkpoints(str(docs_dir))[table].run(batch_parameters={"dataframe": frame})
        except Exception:  # noqa: BLE001 - made again and run once more; a second failure is raised
            _forget()
            checkpoint_result = _checkpoints(str(docs_dir))[table].run(batch_parameters={"dataframe": frame})
    ((identifier, result),) = checkpoint_result.run_results.items()
    failed = []
    for res in result.results:
        if res.success:
            continue
        config = res.expectation_config
        info = res.result or {}
        ids = [row.get(id_column_) if isinstance(row, dict) else row
               for row in info.get("partial_unexpected_index_list") or []] if id_column_ else []
        failed.append(FailedExpectation(
            expectation=config.type,
            column=config.kwargs.get("column"),
            severity=str(getattr(config, "severity", "critical")).rsplit(".", 1)[-1].lower(),
            unexpected_count=info.get("unexpected_count"),
            sample=[_jsonable(v) for v in (info.get("partial_unexpected_list") or [])[:10]]
            or ([_jsonable(info.get("observed_value"))] if "observed_value" in info else []),
            bad_row_ids=ids[:10],
        ))
    page = "validations/" + "/".join(identifier.to_tuple()) + ".html"  # where build_data_docs puts it
    return SuiteOutcome(failed, page)


def build_docs(docs_dir: str) -> Path:
    """Render the Data Docs site from every stored validation; returns the site folder."""
    _forget_if_removed(docs_dir)
    ctx = _context(str(docs_dir))
    with _gx_turn(docs_dir):
        ctx.build_data_docs()
    return docs_site(docs_dir)


@contextlib.contextmanager
def _gx_turn(docs_dir: str) -> Iterator[None]:
    """GX's file stores are not safe for several processes at once: a lock file makes them take turns."""
    Path(docs_dir).mkdir(parents=True, exist_ok=True)
    handle = hold_file_lock(str(Path(docs_dir) / ".gx.lock"), timeout_s=3600)
    try:
        yield
    finally:
        handle.close()


def _jsonable(value: object) -> object:
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
