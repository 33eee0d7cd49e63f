"""Faults: a run killed mid-NLP recovers exactly; concurrent runs never hit a DuckDB lock error;
a day range backfills as one run."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT, TABLE_ORDER, make_home

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


def cli(home, *args: str) -> list[str]:
    env = {**os.environ, "DAGSTER_HOME": str(home.db.parent / "dagster_home"), "PYTHONWARNINGS": "ignore",
           "PIPELINE_DATA_DIR": str(home.db.parent)}
    return [sys.executable, "-m", "pipeline", "run", "--db", str(home.db), *args], env


def tables(home) -> dict[str, list]:
    return {table: home.snapshot(table, order) for table, order in TABLE_ORDER.items()}


def test_sigkill_during_nlp_then_rerun_equals_one_clean_run(tmp_path):
    killed, clean = make_home(tmp_path / "killed"), make_home(tmp_path / "clean")
    corpus = tmp_path / "corpus.jsonl"
    synthetic_corpus(corpus, 700)
    command, env = cli(killed, "--inbox", str(corpus), "--day", "2026-03-01")
    proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    for line in proc.stderr:
        if "nlp: 256/700 articles" in line:  # the NLP step has written one batch of three
            os.kill(proc.pid, signal.SIGKILL)
            break
        assert time.monotonic() < deadline
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    # The killed transaction left nothing of the NLP step behind.
    assert killed.query("select count(*) from mentions") == [(0,)]
    assert killed.query("select count(*) from parsed_articles") == [(700,)]
    rerun = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert "Marked run" in rerun.stdout and "as failed: the process that ran it is gone." in rerun.stdout
    command, env = cli(clean, "--inbox", str(corpus), "--day", "2026-03-01")
    assert subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600).returncode == 0
    assert tables(killed) == tables(clean)
    assert killed.query("select count(*) from casualty_figures") == [(700,)]


def test_concurrent_runs_for_several_days_never_hit_a_lock_error(tmp_path):
    home = make_home(tmp_path / "concurrent")
    procs = []
    for day in range(1, 4):
        corpus = tmp_path / f"day{day}.jsonl"
        synthetic_corpus(corpus, 40, offset=day * 100)
        command, env = cli(home, "--inbox", str(corpus), "--day", f"2026-04-0{day}")
        procs.append(subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                      text=True))
    outputs = [p.communicate(timeout=600)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [out[-3000:] for out in outputs]
    assert not any("Could not set lock" in out for out in outputs)
    assert home.query("select ingest_date::varchar, count(*) from parsed_articles group by 1 order by 1") == [
        ("2026-04-01", 40), ("2026-04-02", 40), ("2026-04-03", 40)]


@pytest.mark.parametrize("days", [("2026-05-01", "2026-05-03")])
def test_a_day_range_backfills_as_one_run(home, days):
    synthetic_corpus(home.inbox / "a.jsonl", 5)
    defs = home.definitions()
    result = defs.resolve_job_def("daily_pipeline").execute_in_process(
        instance=home.instance, raise_on_error=False,
        tags={"dagster/asset_partition_range_start": days[0], "dagster/asset_partition_range_end": days[1]})
    assert result.success
    # New files are stamped with the last day of the range; every step covered the whole range.
    assert home.query("select ingest_date::varchar, count(*) from parsed_articles group by 1") == [(days[1], 5)]
    assert home.query("select count(*) from casualty_figures") == [(5,)]
