"""Faults: a run killed during the parallel NLP step leaves every article wholly done or not at all, and the next
run completes it to exactly what one clean run gives; concurrent runs never hit a DuckDB lock error; a day range
backfills as one run."""

import json
import os
import signal
import subprocess
import sys
import time

import dagster as dg
import pytest

from conftest import ROOT, cli_env, make_home
from pipeline.warehouse.locks import process_alive

PLACES = ["Example Bay", "North Harbour", "Old Town", "Riverside", "Hill Park"]


def synthetic_corpus(path, n: int, offset: int = 0) -> None:
    """n distinct short articles written here (no third-party text)."""
    with path.open("w") as fh:
        for i in range(offset, offset + n):
            place = PLACES[i % len(PLACES)]
            text = (f"Officials in {place} said on Monday that {i % 9 + 2} people were injured when a storm hit "
                    f"district {i}. Crews cleared fallen trees from the roads overnight and schools stayed closed. "
                    f"The council of {place} will meet on Friday to discuss report number {i} and the repairs.")
            fh.write(json.dumps({"id": f"s-{i}", "title": f"Storm in district {i}", "text": text,
                                 "published_at": "2024-05-0" + str(1 + i % 9)}) + "\n")


def cli(home, *args: str, **env: str) -> tuple[list[str], dict]:
    return ([sys.executable, "-m", "pipeline", "run", "--db", str(home.db), *args],
            cli_env(home.db.parent, **env))


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def test_sigkill_during_parallel_nlp_then_rerun_equals_one_clean_run(tmp_path):
    killed, clean = make_home(tmp_path / "killed"), make_home(tmp_path / "clean")
    corpus = tmp_path / "inbox" / "corpus.jsonl"
    corpus.parent.mkdir()
    synthetic_corpus(corpus, 200)
    command, env = cli(killed, "--inbox", str(corpus), "--day", "2026-03-01", "--workers", "2")
    proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 600
    workers = []
    for line in proc.stderr:
        if "nlp: 96/200 articles" in line:  # two batches written by two worker processes, more in flight
            workers = _children(proc.pid)
            os.kill(proc.pid, signal.SIGKILL)
            break
        assert time.monotonic() < deadline, "the NLP step never reported progress"
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert len(workers) >= 2  # the step really ran in worker processes
    # The workers notice their parent is gone and exit.
    deadline = time.monotonic() + 30
    while any(process_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not any(process_alive(pid) for pid in workers), "worker processes outlived the killed run"
    # Every article is wholly read (its sentences, mentions and log entry) or not at all.
    read, logged = (killed.query(q)[0][0] for q in (
        "select count(distinct article_id) from sentences",
        "select count(*) from processing_log where step = 'nlp'"))
    assert 96 <= read < 200 and read == logged
    assert killed.query("""select count(*) from processing_log l where step = 'nlp'
                           and not exists (select 1 from mentions m where m.article_id = l.item_id)""") == [(0,)]
    rerun = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert "Marked run" in rerun.stderr and "as failed: the process that ran it is gone." in rerun.stderr
    assert f"articles read (spaCy)    {200 - read:>9}" in rerun.stdout  # only what the killed run had not done
    clean.inbox = corpus.parent  # the same file at the same path, read by one uninterrupted run
    assert clean.run("2026-03-01").success
    assert killed.tables() == clean.tables()
    assert killed.query("select count(*) from casualty_figures") == [(200,)]


def test_concurrent_runs_for_several_days_never_hit_a_lock_error(tmp_path):
    home = make_home(tmp_path / "concurrent")
    procs = []
    for day in range(1, 3):
        corpus = tmp_path / f"day{day}.jsonl"
        synthetic_corpus(corpus, 10, offset=day * 100)
        command, env = cli(home, "--inbox", str(corpus), "--day", f"2026-04-0{day}")
        procs.append(subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                      text=True))
    outputs = [p.communicate(timeout=900)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [out[-3000:] for out in outputs]
    assert not any("Could not set lock" in out for out in outputs)
    assert any("Waiting for another run on" in out for out in outputs)  # they did overlap, and took turns
    assert home.query("select ingest_date::varchar, count(*) from parsed_articles group by 1 order by 1") == [
        ("2026-04-01", 10), ("2026-04-02", 10)]


@pytest.mark.parametrize("days", [("2026-05-01", "2026-05-03")])
def test_a_day_range_backfills_as_one_run(home, days):
    synthetic_corpus(home.inbox / "a.jsonl", 5)
    result = home.definitions().resolve_job_def("daily_pipeline").execute_in_process(
        instance=home.instance, raise_on_error=False,
        tags={"dagster/asset_partition_range_start": days[0], "dagster/asset_partition_range_end": days[1]})
    assert result.success
    # New files are stamped with the last day of the range; every step covered the whole range.
    assert home.query("select ingest_date::varchar, count(*) from parsed_articles group by 1") == [(days[1], 5)]
    assert home.query("select count(*) from casualty_figures") == [(5,)]
    assert home.instance.get_run_by_id(result.run_id).status == dg.DagsterRunStatus.SUCCESS
