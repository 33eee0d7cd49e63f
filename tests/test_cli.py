"""The command line as a new user meets it: one clear line and exit status 2 for every mistake (and the file
named untouched), quiet progress and a summary for a run, a second run with nothing new that says so, read-only
SQL, and the Data Docs served where the checks' links point."""

import contextlib
import html
import re
import socket
import subprocess
import sys
import time
import urllib.request

import duckdb
import pytest

from conftest import ROOT, check_evaluations, cli_env

PYTHON = [sys.executable, "-m", "pipeline"]


def pipeline(base, *args: str, timeout: float = 900, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([*PYTHON, *args], env=cli_env(base, **env), cwd=base, capture_output=True, text=True,
                          timeout=timeout)


def _usage_cases(tmp):
    notes = tmp / "notes.txt"
    notes.write_text("hello, these are my notes")
    (tmp / "some" / "dir").mkdir(parents=True)
    return [
        (["run", "--inbox", "path/that/does/not/exist"], "error: inbox path does not exist: path/that/does/not/exist"),
        (["run", "--db", "/proc/x/w.duckdb"], "error: cannot create directory /proc/x: No such file or directory"),
        (["run", "--db", "notes.txt"], f"error: {notes} is not a DuckDB database (it starts with 'hello, these'); "
                                       "expected a DuckDB file or a path where one can be created"),
        (["run", "--db", "some/dir/"], "error: some/dir/ is a directory; expected a DuckDB file such as "
                                       "some/dir/warehouse.duckdb"),
        (["run", "--db", "some/dir"], "error: some/dir is a directory; expected a DuckDB file such as "
                                      "some/dir/warehouse.duckdb"),
        (["run", "--warehouse", "ducklake:mysql:db=x"], "error: unknown DuckLake catalog 'mysql' in "
                                                        "'ducklake:mysql:db=x': use ducklake:sqlite:PATH or "
                                                        "ducklake:postgres:dbname=… host=…"),
        (["run", "--day", "2999-01-01"], "error: --day 2999-01-01 is in the future: arrival days run up to today"),
        (["run", "--day", "yesterday"], "error: --day must be a date like 2026-01-31, not 'yesterday'"),
        (["run", "--workers", "0"], "error: --workers must be at least 1"),
        (["run", "--stage", "read"], "error: --stage needs several shards (--shards or PIPELINE_SHARDS)"),
        (["run", "--shards", "2", "--stage", "read", "--shard", "2"], "error: --stage read takes --shard 0..1"),
        (["sql", "select 1", "--db", "missing.duckdb"], f"error: no warehouse at {tmp / 'missing.duckdb'}: run "
                                                        "`python -m pipeline run` first"),
    ]


def test_every_mistake_is_one_line_and_exit_status_2(tmp_path):
    for args, expected in _usage_cases(tmp_path):
        result = pipeline(tmp_path, *args, timeout=60)
        assert (result.returncode, result.stdout) == (2, ""), (args, result.stderr[-2000:])
        assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith(expected), (args, result.stderr)
    assert (tmp_path / "notes.txt").read_text() == "hello, these are my notes"  # untouched
    assert not (tmp_path / "missing.duckdb").exists() and not (tmp_path / "dagster_home").exists()


def test_quiet_run_nothing_new_then_sql_and_verbose_rebuild(tmp_path):
    first = pipeline(tmp_path, "run")  # the shipped seeds into tmp_path/warehouse.duckdb
    assert first.returncode == 0, first.stderr[-3000:]
    assert " - DEBUG - " not in first.stderr and "STEP_START" not in first.stderr
    assert re.search(r"mentions: nlp: 1/1 articles .*, 80 mentions", first.stderr)
    assert re.search(r"Done in [\d.]+ s: 1 new file \(0 already ingested\)\.", first.stdout)
    for row in ("records parsed                   1            1          1",
                "entity mentions                 80           80         80",
                "casualty figures                 3            3          3",
                "daily report rows                                        3",
                "quality checks           12 passed, 0 failed, 0 warnings"):
        assert f"  {row}\n" in first.stdout, first.stdout
    runs_before = sorted((tmp_path / "dagster_home").rglob("*.db"))

    again = pipeline(tmp_path, "run")
    assert again.returncode == 0 and again.stderr == ""
    assert "nothing new (every inbox file ingested, every article processed at the current versions); no run " \
           "started." in again.stdout
    assert "  casualty figures                 0            3          3\n" in again.stdout
    assert sorted((tmp_path / "dagster_home").rglob("*.db")) == runs_before

    query = pipeline(tmp_path, "sql", "select figure_text, count_best from casualty_figures order by start_char",
                     "--format", "csv")
    assert (query.returncode, query.stdout) == (0, "figure_text,count_best\nover 100,100\n\"at least 27,585\",27585\n"
                                                   "ten,10\n")
    bad = pipeline(tmp_path, "sql", "select * from nope")
    assert bad.returncode == 1 and bad.stderr.startswith("error: Catalog Error: Table with name nope does not exist")

    verbose = pipeline(tmp_path, "run", "--rebuild", "--verbose")
    assert verbose.returncode == 0, verbose.stderr[-3000:]
    assert "STEP_START" in verbose.stderr and "pipeline/mode" not in verbose.stdout
    assert "  casualty figures                 3            3          3\n" in verbose.stdout


def test_a_sharded_run_summarises_the_checks_of_every_stage(tmp_path):
    # ingest (5 checks), each of the two shards' reading (4 each, in their own runs), the report stage (3)
    done = pipeline(tmp_path, "run", "--shards", "2")
    assert done.returncode == 0, done.stderr[-3000:]
    for row in ("casualty figures                 3            3          3",
                "quality checks           16 passed, 0 failed, 0 warnings"):
        assert f"  {row}\n" in done.stdout, done.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_data_docs_are_served_where_a_failed_check_links(home):
    (home.inbox / "good.json").write_text('{"title": "A", "text": "Two people were hurt in a crash on Monday, '
                                          'police said.", "published_at": "2024-03-04"}')
    assert home.run("2026-02-01").success
    with duckdb.connect(str(home.db)) as con:
        con.execute("""insert into raw_articles values ('bad-row', '2026-02-02', now(), 'x.doc', 'h', 0, 'msword',
                       'text', 4, null, null, null)""")
    result = home.run("2026-02-02", rebuild=True)
    check = check_evaluations(result)["raw_articles.raw_records_complete"]
    link = re.fullmatch(r"\[Open in Data Docs\]\(http://127\.0\.0\.1:8090/(.+\.html)\) \(serve them with "
                        r"`python -m pipeline docs`\)", check.metadata["data_docs"].value)
    assert link, check.metadata["data_docs"].value
    port = _free_port()
    server = subprocess.Popen([*PYTHON, "docs", "--db", str(home.db), "--port", str(port)],
                              env=cli_env(home.db.parent), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)
    try:
        assert server.stdout.readline().startswith("Rendering the Data Docs")
        banner = server.stdout.readline()
        assert banner.startswith(f"Data Docs of {home.db} at http://127.0.0.1:{port}/"), banner
        page = ""
        for _ in range(20):
            with contextlib.suppress(OSError):
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/{link[1]}", timeout=10).read().decode()
                break
            time.sleep(0.5)
        text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
        # the failed expectation as Data Docs words it, with the bad value it found
        assert "format Status Expectation Observed Value values must belong to this set: txt json jsonl html " \
               "unknown . 1 unexpected values found. 100% of 1 total rows. Unexpected Value Count msword 1" in text
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("reason", ["quarantine reasons in code are the ones the GX suite accepts"])
def test_quarantine_reasons_match_the_rejected_articles_suite(reason):
    import json

    from pipeline.ingest.parse import REJECTION_REASONS
    from pipeline.ingest.readers import READ_ERRORS

    suite = json.loads((ROOT / "expectations" / "rejected_articles.json").read_text())
    (allowed,) = [e["kwargs"]["value_set"] for e in suite["expectations"]
                  if e["type"] == "expect_column_values_to_be_in_set" and e["kwargs"]["column"] == "reason"]
    assert set(allowed) == set(REJECTION_REASONS) | {"unaccounted"}, reason
    raw = json.loads((ROOT / "expectations" / "raw_articles.json").read_text())
    (read_errors,) = [e["kwargs"]["value_set"] for e in raw["expectations"]
                      if e["type"] == "expect_column_values_to_be_in_set" and e["kwargs"]["column"] == "read_error"]
    assert set(read_errors) == set(READ_ERRORS) and set(READ_ERRORS) <= set(REJECTION_REASONS)
