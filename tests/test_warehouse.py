"""The warehouse layer: the setting, parameters as literals, the schema defined once by migrations (and applied
to a warehouse made by the first release without losing a row), writes that survive concurrent writers on a
lake, and the lease that keeps ingestion from overlapping with itself."""

import datetime as dt
import gzip
import multiprocessing
import os
import shutil
import subprocess
import sys
import time

import duckdb
import pytest

from conftest import ROOT, TABLE_ORDER, make_home
from pipeline.warehouse import Warehouse
from pipeline.warehouse.connection import one_thread
from pipeline.warehouse.literals import inline
from pipeline.warehouse.locks import lease, process_alive
from pipeline.warehouse.migrations import latest_version, migrations
from pipeline.warehouse.schema import render_schema_sql, tables
from pipeline.warehouse.target import WarehouseSettingError, parse_target
from pipeline.warehouse.writes import Change, apply_changes

RELEASE1 = ROOT / "tests" / "fixtures" / "warehouse_release1_seed.duckdb.gz"  # the first release's `make run`


def test_the_setting_names_three_backends():
    file = parse_target("data/w.duckdb")
    assert (file.kind, file.single_writer, file.location) == ("duckdb", True, os.path.abspath("data/w.duckdb"))
    lake = parse_target("ducklake:sqlite:lake/cat.sqlite", "files")
    assert (lake.kind, lake.catalog, lake.single_writer) == ("ducklake", "sqlite", False)
    assert lake.location.startswith("ducklake:sqlite:/") and lake.data_path.endswith("/files/")
    pg = parse_target("ducklake:postgres:dbname=lake host=db user=me password=s3cret", "s3://bucket/lake")
    assert (pg.catalog, pg.data_path) == ("postgres", "s3://bucket/lake/")
    assert pg.describe() == "ducklake:postgres:dbname=lake host=db user=me password=***"
    with pytest.raises(WarehouseSettingError, match="needs a connection string"):
        parse_target("ducklake:postgres:host=db")


def test_parameters_become_escaped_literals_outside_strings_and_comments():
    sql = "select '?', \"a$1\", ? -- ? $2\n/* $1 */ from t where d = $2 and x in (select unnest($1))"
    assert inline(sql, [["a", "b'c"], dt.date(2024, 1, 2)]) == (
        "select '?', \"a$1\", ['a', 'b''c'] -- ? $2\n/* $1 */ from t where d = DATE '2024-01-02' "
        "and x in (select unnest(['a', 'b''c']))")
    assert inline("select ?, ?, ?, ?", [None, [], True, dt.datetime(2024, 1, 2, 3, 4, 5)]) == (
        "select NULL, CAST([] AS VARCHAR[]), TRUE, TIMESTAMP '2024-01-02 03:04:05'")
    with duckdb.connect() as con:  # what the literals mean to DuckDB
        assert con.execute(inline("select ?, ?::date, len(?)", ["it's", dt.date(2024, 2, 29), ["x"]])).fetchall() == [
            ("it's", dt.date(2024, 2, 29), 1)]


def test_schema_snapshot_is_what_the_migrations_make():
    assert (ROOT / "sql" / "schema.sql").read_text() == render_schema_sql(), \
        "sql/schema.sql is stale: python -m pipeline.warehouse.schema > sql/schema.sql"
    assert set(TABLE_ORDER) <= set(tables())


def test_a_first_release_warehouse_is_upgraded_in_place_and_keeps_its_rows(tmp_path):
    db = tmp_path / "warehouse.duckdb"
    db.write_bytes(gzip.decompress(RELEASE1.read_bytes()))
    with duckdb.connect(str(db), read_only=True) as con:
        before = {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLE_ORDER}
        assert "schema_migrations" not in {r[0] for r in con.execute("show tables").fetchall()}
    assert before == {"ingested_files": 1, "raw_articles": 1, "parsed_articles": 1, "rejected_articles": 0,
                      "sentences": 21, "mentions": 80, "entities": 31, "casualty_figures": 3,
                      "daily_casualty_reports": 3}
    with Warehouse(str(db)).connect() as con:  # a writing connection brings the schema up to date
        applied = con.execute("select version, name from schema_migrations order by 1").fetchall()
        assert applied == [(m.version, m.name) for m in migrations()]
        # every row kept, but the daily reports: migration 003 changed their key, the next run rebuilds them
        assert {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLE_ORDER} == {
            **before, "daily_casualty_reports": 0}
        assert con.execute("select distinct scope from casualty_figures").fetchall() == [("full",)]
        # what the first release made is recorded with its versions, so a backfill re-applies newer ones
        assert con.execute("select step, version, count(*) from processing_log group by all order by 1").fetchall() == [
            ("casualties", "casualty-rules-1", 1), ("nlp", "nlp-1", 1), ("parse", "parse-1", 1)]
    with Warehouse(str(db)).connect() as con:  # applied once: nothing more the second time
        assert con.execute("select count(*) from schema_migrations").fetchone()[0] == latest_version()
    # the upgraded warehouse takes a run of its day like any other
    home = make_home(tmp_path / "run")
    shutil.copy(db, home.db)
    assert home.run("2026-11-20", rebuild=True).success
    assert home.query("select count(*) from casualty_figures") == [(3,)]
    assert home.query("select count(*), sum(n_figures) from daily_casualty_reports") == [(3, 3)]


def test_a_changed_migration_is_refused(tmp_path):
    db = tmp_path / "w.duckdb"
    with Warehouse(str(db)).connect():
        pass
    with duckdb.connect(str(db)) as con:
        con.execute("update schema_migrations set checksum = 'edited' where version = 1")
    from pipeline.warehouse import _MIGRATED

    _MIGRATED.discard(str(db))
    with pytest.raises(RuntimeError, match="001_initial.sql was changed after this warehouse applied it"), \
            Warehouse(str(db)).connect():
        pass


def test_a_fresh_lake_has_the_same_tables_and_documentation_as_a_fresh_file(tmp_path):
    def columns(con):
        return con.execute("select table_name, column_name, data_type, comment from duckdb_columns() "
                           "where database_name = current_database() order by table_name, column_index").fetchall()

    with Warehouse(str(tmp_path / "w.duckdb")).connect() as con:
        file_columns = columns(con)
    with Warehouse(f"ducklake:sqlite:{tmp_path / 'lake.sqlite'}").connect() as con:
        lake_columns = columns(con)
    assert lake_columns == file_columns and len(file_columns) > 100


def _lake_in_processes(tmp_path, calls: list[tuple]) -> str:
    """A fresh SQLite-catalog lake, and each (function, *args) run on it in a process of its own, all at once;
    returns the catalog setting once every process has succeeded."""
    catalog = f"ducklake:sqlite:{tmp_path / 'lake.sqlite'}"
    with Warehouse(catalog).connect():
        pass
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=fn, args=(catalog, *args)) for fn, *args in calls]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=300)
    assert [p.exitcode for p in procs] == [0] * len(procs)
    return catalog


def _replace_many(catalog: str, key: int, rounds: int) -> None:
    """Replace this writer's rows `rounds` times, each time in one transaction (run in its own process)."""
    import polars as pl

    with Warehouse(catalog).connect() as con:
        for n in range(rounds):
            rows = pl.DataFrame({"step": ["test"] * 50, "item_id": [f"{key}-{i}" for i in range(50)],
                                 "ingest_date": [dt.date(2026, 1, 1)] * 50, "version": [f"round-{n}"] * 50,
                                 "run_id": [str(key)] * 50, "processed_at": [dt.datetime(2026, 1, 1)] * 50})
            apply_changes(con, [Change("processing_log", rows, delete_where="run_id = ?", params=[str(key)])])


def test_concurrent_writers_on_a_lake_lose_and_double_nothing(tmp_path):
    catalog = _lake_in_processes(tmp_path, [(_replace_many, key, 8) for key in range(3)])
    with Warehouse(catalog).connect(read_only=True) as con:
        assert con.execute("select run_id, version, count(*) from processing_log group by all order by 1").fetchall() \
            == [("0", "round-7", 50), ("1", "round-7", 50), ("2", "round-7", 50)]


def _count_under_lease(catalog: str, rounds: int) -> None:
    import time

    with Warehouse(catalog).connect() as con:
        for _ in range(rounds):
            with lease(con, "counter", timeout_s=120):
                (value,) = con.execute("select count(*) from processing_log where step = 'counter'").fetchone()
                time.sleep(0.05)  # a reader-then-writer race, unless the lease serialises it
                apply_changes(con, [Change("processing_log", delete_where="false", insert_sql=(
                    "insert into processing_log values ('counter', 'n" + str(value) + "', DATE '2026-01-01', "
                    "'v', null, TIMESTAMP '2026-01-01 00:00:00')"))])


def test_the_lease_lets_one_holder_in_at_a_time(tmp_path):
    catalog = _lake_in_processes(tmp_path, [(_count_under_lease, 4)] * 3)
    with Warehouse(catalog).connect(read_only=True) as con:
        ids = [r[0] for r in con.execute("select item_id from processing_log where step = 'counter'").fetchall()]
        assert sorted(ids, key=lambda i: int(i[1:])) == [f"n{i}" for i in range(12)]  # no two read the same count
        assert con.execute("select count(*) from pipeline_locks").fetchone() == (0,)


def test_a_stale_lease_is_one_whose_holder_died_here_or_expired_elsewhere(tmp_path):
    import socket
    import subprocess

    from pipeline.warehouse.locks import _clear_stale
    from pipeline.warehouse.schema import frame

    dead = subprocess.Popen(["true"])
    dead.wait()  # a pid that has exited
    here, past, future = socket.gethostname(), dt.datetime(2020, 1, 1), dt.datetime(2999, 1, 1)
    holders = [("alive-here-expired", here, os.getppid(), past), ("dead-here", here, dead.pid, future),
               ("elsewhere-expired", "other-host", 1, past), ("elsewhere-valid", "other-host", 1, future)]
    with Warehouse(str(tmp_path / "w.duckdb")).connect() as con:
        apply_changes(con, [Change("pipeline_locks", frame("pipeline_locks", [
            {"name": "ingest", "owner": owner, "host": host, "pid": pid, "acquired_at": past, "expires_at": expires}
            for owner, host, pid, expires in holders]))])
        _clear_stale(con, "ingest")
        assert con.execute("select owner from pipeline_locks order by owner").fetchall() == [
            ("alive-here-expired",), ("elsewhere-valid",)]


def test_duckdb_runs_on_one_thread_while_the_workers_run_and_on_its_own_number_after(tmp_path):
    with Warehouse(str(tmp_path / "w.duckdb")).connect() as con:
        threads = "select current_setting('threads')"
        (default,) = con.execute(threads).fetchone()
        with pytest.raises(RuntimeError), one_thread(con):
            assert con.execute(threads).fetchone() == (1,)
            raise RuntimeError("a step that fails still gives DuckDB its threads back")
        assert con.execute(threads).fetchone() == (default,)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc")
def test_a_process_that_ended_is_not_alive_before_it_is_reaped():
    """A killed run's process that nobody reaps (a zombie) no longer holds its run or its lease."""
    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    assert process_alive(child.pid)  # waits for its input
    child.stdin.close()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # ended, not reaped: os.kill(pid, 0) still finds it
        with open(f"/proc/{child.pid}/stat") as stat:
            if stat.read().rsplit(")", 1)[1].split()[0] == "Z":
                break
        time.sleep(0.05)
    else:
        raise AssertionError("the child did not end")
    os.kill(child.pid, 0)  # no error: the pid is still taken
    assert not process_alive(child.pid)
    child.wait()
    assert not process_alive(child.pid)
    assert process_alive(os.getpid())
