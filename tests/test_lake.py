"""The warehouse as a DuckLake. With a SQLite catalog (no server) a separate process queries while a run writes,
with no error; with a real PostgreSQL catalog four concurrent runs (2 days x 2 shards) give the same tables as
runs of the same files into a DuckDB file."""

import json
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from pg import throwaway_postgres, why_unavailable
from test_faults import synthetic_corpus

from conftest import ROOT, TABLE_ORDER, VOLATILE, cli_env, make_home
from pipeline.warehouse import Warehouse

READER = textwrap.dedent("""
    # A user's session on the lake while a run writes: query every 100 ms, count errors.
    import json, sys, time
    from pathlib import Path
    from pipeline.warehouse import Warehouse

    catalog, stop = sys.argv[1], Path(sys.argv[2])
    seen, errors, times = [], [], []
    with Warehouse(catalog).connect(read_only=True) as con:
        while not stop.exists():
            try:
                seen.append(con.execute("select count(*) from daily_casualty_reports").fetchone()[0])
            except Exception as exc:  # noqa: BLE001 - every error counts
                errors.append(str(exc)[:200])
            times.append(time.time())
            time.sleep(0.1)
        final = con.execute("select count(*) from daily_casualty_reports").fetchone()[0]
    print(json.dumps({"times": times, "errors": errors, "first": seen[:1], "final": final}))
""")


RUNS_IN_STORAGE = textwrap.dedent("""
    import collections, json
    import dagster as dg
    with dg.DagsterInstance.get() as instance:
        assert type(instance.run_storage).__name__ == "PostgresRunStorage", type(instance.run_storage)
        runs = collections.Counter(f"{r.tags['pipeline/stage']} {r.status.value}" for r in instance.get_runs())
    print(json.dumps(dict(sorted(runs.items()))))
""")


def pipeline(base, *args: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline", "run", *args], env=cli_env(base, **env), cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish(*procs: subprocess.Popen) -> None:
    outputs = [p.communicate(timeout=900)[0] for p in procs]
    assert [p.returncode for p in procs] == [0] * len(procs), "\n\n".join(out[-3000:] for out in outputs)
    assert not any("Could not set lock" in out for out in outputs)


def snapshot(warehouse: Warehouse) -> dict[str, list[tuple]]:
    with warehouse.connect(read_only=True) as con:
        return {t: con.execute(f"select *{f' exclude ({VOLATILE[t]})' if t in VOLATILE else ''} from {t} "
                               f"order by {order}").fetchall() for t, order in TABLE_ORDER.items()}


def test_a_reader_queries_a_sqlite_lake_throughout_a_run_without_error(tmp_path):
    catalog = f"ducklake:sqlite:{tmp_path / 'lake.sqlite'}"
    corpus = tmp_path / "inbox" / "corpus.jsonl"
    corpus.parent.mkdir()
    synthetic_corpus(corpus, 100)
    with Warehouse(catalog).connect():  # the lake exists before the reader opens it
        pass
    stop = tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, catalog, str(stop)], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=cli_env(tmp_path))
    time.sleep(2)
    home = make_home(tmp_path / "writer")  # the run, here in the test's process
    home.inbox, home.target = corpus.parent, catalog
    started = time.time()
    try:
        assert home.run("2026-06-01").success
    finally:
        ended = time.time()
        stop.touch()
    out, err = reader.communicate(timeout=120)
    assert reader.returncode == 0, err[-3000:]
    report = json.loads(out)
    during = [t for t in report["times"] if started <= t <= ended]
    assert report["errors"] == [] and len(during) >= 10  # the reader queried all along the run (every 100 ms)
    with Warehouse(catalog).connect(read_only=True) as con:
        rows = con.execute("select count(*), sum(n_figures) from daily_casualty_reports").fetchone()
    assert rows[1] == 100  # one figure per article, all reported
    assert report["first"] == [0] and report["final"] == rows[0] > 0  # it saw the rows once the run committed them
    # Every example query answers on the lake as on a file.
    with Warehouse(catalog).connect(read_only=True) as con:
        for query in sorted((ROOT / "sql" / "queries").glob("*.sql")):
            if query.name not in ("run_summary.sql", "figures_health.sql"):  # these take parameters
                con.execute(query.read_text()).fetchall()
    # The DuckDB shell opens the same lake with the lines `python -m pipeline sql --attach` prints.
    attach = subprocess.run([sys.executable, "-m", "pipeline", "sql", "--attach", "--warehouse", catalog], cwd=ROOT,
                            env=cli_env(tmp_path), capture_output=True, text=True, check=True).stdout
    shell = subprocess.run([str(Path(sys.executable).with_name("duckdb")), "-csv", "-noheader", "-c",
                            attach + "select sum(n_figures) from daily_casualty_reports;"],
                           capture_output=True, text=True, timeout=60)
    assert (shell.returncode, shell.stdout.strip()) == (0, "100"), shell.stderr


@pytest.mark.skipif(why_unavailable() is not None, reason=str(why_unavailable()))
def test_four_concurrent_shard_runs_into_a_postgres_lake_equal_runs_into_a_file(tmp_path):
    days = {"2026-07-01": tmp_path / "inbox-a", "2026-07-02": tmp_path / "inbox-b"}
    for n, inbox in enumerate(days.values()):
        inbox.mkdir()
        synthetic_corpus(inbox / "articles.jsonl", 12, offset=n * 100)
    # One shard, a DuckDB file: one run per day (here in the test's process).
    file_home = make_home(tmp_path / "file")
    for day, inbox in days.items():
        file_home.inbox = inbox
        assert file_home.run(day).success
    with throwaway_postgres("lake", "dagster") as dsn:
        catalog = f"ducklake:postgres:dbname=lake {dsn}"
        lake = ["--warehouse", catalog, "--lake-data", str(tmp_path / "lake_files")]
        # Dagster itself as scaled: run and event storage in PostgreSQL, queued runs (deploy/dagster.yaml)
        base = tmp_path / "lake"
        (base / "dagster_home").mkdir(parents=True)
        shutil.copy(ROOT / "deploy" / "dagster.yaml", base / "dagster_home" / "dagster.yaml")
        port = dsn.split("port=")[1].split()[0]
        sharded = {"PIPELINE_SHARDS": "2", "PIPELINE_WORKERS": "1", "DAGSTER_PG_HOST": "127.0.0.1",
                   "DAGSTER_PG_PORT": port, "DAGSTER_PG_USER": "lake", "DAGSTER_PG_PASSWORD": "",
                   "DAGSTER_PG_DB": "dagster"}
        # Ingestion of the two days at once (they take turns on the lake's ingest lease), then the four shard runs
        # at once, then the report stage over everything.
        finish(*(pipeline(base, *lake, "--stage", "ingest", "--inbox", str(inbox), "--day", day, **sharded)
                 for day, inbox in days.items()))
        finish(*(pipeline(base, *lake, "--stage", "read", "--shard", str(shard), "--day", day, **sharded)
                 for day in days for shard in (0, 1)))
        finish(pipeline(base, *lake, "--stage", "report", **sharded))
        got = snapshot(Warehouse(catalog, str(tmp_path / "lake_files")))
        with Warehouse(catalog, str(tmp_path / "lake_files")).connect(read_only=True) as con:
            shards = con.execute("select count(distinct run_id) from processing_log where step = 'nlp'").fetchone()
        runs = subprocess.run([sys.executable, "-c", RUNS_IN_STORAGE], env=cli_env(base, **sharded), cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
        assert runs.returncode == 0, runs.stderr[-2000:]
        # every run was recorded in Dagster's PostgreSQL storage, with its stage
        assert json.loads(runs.stdout) == {"ingest SUCCESS": 2, "read SUCCESS": 4, "report SUCCESS": 1}
    expected = snapshot(Warehouse(str(file_home.db)))
    assert shards == (4,)  # each (day, shard) was its own run
    assert {t: len(rows) for t, rows in got.items()} == {t: len(rows) for t, rows in expected.items()}
    assert got == expected
