"""The run's side process (GX validations, the chart, the gazetteer) and the worker processes: the work they take
over from the run's process gives exactly what it gave in that process, and their failures are clear."""

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from conftest import ROOT, SEEDS, cli_env, make_home
from pipeline import side_process
from pipeline.steps import figures, parse, read
from pipeline.warehouse.locks import process_alive


def test_a_call_runs_in_the_side_process_and_its_error_comes_back_with_the_traceback():
    assert side_process.call("os:getpid") != os.getpid()
    assert side_process.call("pipeline.nlp.canonical:with_coordinates",
                             pl.DataFrame({"name": ["Khan Younis", "Hamas"], "label": ["GPE", "ORG"]})).select(
        "name", "country_code", "feature_type").rows() == [("Khan Younis", "PS", "city"), ("Hamas", None, None)]
    with pytest.raises(side_process.SideProcessError, match=r"(?s)pipeline.nlp.canonical:nope failed.*AttributeError"):
        side_process.call("pipeline.nlp.canonical:nope")
    assert side_process.call("os:getpid") > 0  # still serving after a failed call


def test_a_run_keeps_gx_matplotlib_spacy_and_the_parser_out_of_its_own_process(tmp_path):
    """The whole pipeline on the seeds, validated, parsed, read and charted, with none of them imported in the run's
    process (two workers, whatever the machine's cores: a pool of one works in the run's process)."""
    code = """
import os, sys
from pipeline.cli import main
code = main(["run"])
heavy = sorted(m for m in ("great_expectations", "matplotlib", "spacy", "trafilatura") if m in sys.modules)
print("HEAVY", heavy, "PID", os.getpid())
raise SystemExit(code)
"""
    (tmp_path / "inbox").mkdir()
    for path in SEEDS.iterdir():
        (tmp_path / "inbox" / path.name).write_bytes(path.read_bytes())
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         env=cli_env(tmp_path, PIPELINE_INBOX=str(tmp_path / "inbox"), PIPELINE_WORKERS="2"))
    assert out.returncode == 0, out.stderr[-3000:]
    assert "HEAVY []" in out.stdout
    assert re.search(r"Reading 1 English articles of \S+ with \S+ in the side process", out.stderr)  # no workers
    pid = re.search(r"PID (\d+)", out.stdout)[1]
    assert not list(side_process.folder().glob(f"run-{pid}-*.sock"))  # its private side process left nothing
    assert "quality checks           12 passed, 0 failed, 0 warnings" in out.stdout
    assert (tmp_path / "charts" / "daily_casualties.png").read_bytes()[:4] == b"\x89PNG"


def _record(n: int) -> dict:
    return {"id": f"w-{n}", "title": f"Flood report {n}", "published_at": f"2024-05-0{1 + n % 9}",
            "text": f"Officials said on Monday that {n + 3} people were injured when the river rose. "
                    f"Road {n} stays closed."}


def test_the_side_process_or_the_workers_give_the_tables_the_run_process_gives(tmp_path, monkeypatch):
    """A few records are parsed, read and searched for figures in the side process, many in the workers, all of
    them here with a pool of one: the same tables every way."""
    records = [_record(n) for n in range(8)] + [{"id": "empty", "text": ""}, _record(3)]  # a reject, a duplicate
    here, side, workers = (make_home(tmp_path / name) for name in ("here", "side", "workers"))
    here.workers = 1  # a pool of one works in the run's process
    (here.inbox / "a.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    side.inbox = workers.inbox = here.inbox  # the same file at the same path
    assert here.run("2026-08-04").success
    assert side.run("2026-08-04").success
    for step in (parse, read, figures):
        monkeypatch.setattr(step, "IN_WORKERS_FROM", 1)
    assert workers.run("2026-08-04").success
    assert here.query("select count(*) from casualty_figures") == [(8,)]
    assert side.tables() == here.tables()
    assert workers.tables() == here.tables()
    assert workers.query("select reason, count(*) from rejected_articles group by 1 order by 1") == [
        ("duplicate", 1), ("no_text_field", 1)]


# --- a side process kept warm between runs (the default outside the tests) ---------------------------------------

SIDE_PID = "from pipeline import side_process as s\n{patch}print(s.call('os:getpid'))"


def _side_pid(env: dict, patch: str = "") -> int:
    """The pid of the side process a new process of `env` is served by."""
    out = subprocess.run([sys.executable, "-c", SIDE_PID.format(patch=patch)], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    return int(out.stdout)


def _ends_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while process_alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def test_a_shared_side_process_serves_the_next_runs_and_ends_with_its_dagster_home(tmp_path):
    """A whole command-line run validated and charted by a side process that outlives it; a later process on
    the same home finds it warm; removing the home ends it."""
    (tmp_path / "inbox").mkdir()
    for path in SEEDS.iterdir():
        (tmp_path / "inbox" / path.name).write_bytes(path.read_bytes())
    env = cli_env(tmp_path, PIPELINE_INBOX=str(tmp_path / "inbox"), PIPELINE_SIDE_PROCESS_IDLE="60")
    out = subprocess.run([sys.executable, "-m", "pipeline", "run"], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "quality checks           12 passed, 0 failed, 0 warnings" in out.stdout
    log = (tmp_path / "dagster_home" / "side_process.log").read_text()
    [(served, socket_path)] = re.findall(r"side process (\d+) serving (\S+)", log)
    assert _side_pid(env) == int(served)  # the run is over, its side process still serves
    assert _side_pid(env) == int(served)
    shutil.rmtree(tmp_path / "dagster_home")
    assert _ends_within(int(served), 10)
    assert not Path(socket_path).exists()


def test_a_side_process_ends_when_unused_for_its_idle_time(tmp_path):
    env = cli_env(tmp_path, PIPELINE_SIDE_PROCESS_IDLE="1")
    (tmp_path / "dagster_home").mkdir()
    pid = _side_pid(env)
    assert process_alive(pid)
    assert _ends_within(pid, 15)


def test_a_side_process_grown_past_its_memory_limit_makes_way_for_a_fresh_one(tmp_path):
    env = cli_env(tmp_path, PIPELINE_SIDE_PROCESS_IDLE="60", PIPELINE_SIDE_PROCESS_MAX_MB="1")
    (tmp_path / "dagster_home").mkdir()
    grown = _side_pid(env)  # any process is above 1 MB: it makes way once this call's process has gone
    assert _ends_within(grown, 10)
    fresh = _side_pid(env)
    assert fresh != grown
    assert "makes way" in (tmp_path / "dagster_home" / "side_process.log").read_text()
    shutil.rmtree(tmp_path / "dagster_home")
    assert _ends_within(fresh, 10)


def test_newer_code_on_the_same_home_retires_the_older_side_process(tmp_path):
    env = cli_env(tmp_path, PIPELINE_SIDE_PROCESS_IDLE="60")
    (tmp_path / "dagster_home").mkdir()
    older = _side_pid(env)
    newer = _side_pid(env, patch="s.code_version = lambda *_: 'edited0000000000'\n")  # as if a module changed
    assert newer != older
    assert _ends_within(older, 10)
    assert process_alive(newer)
    shutil.rmtree(tmp_path / "dagster_home")
    assert _ends_within(newer, 10)


def test_the_code_version_follows_every_project_file(tmp_path):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "a.json").write_text("{}")
    (tmp_path / "m.py").write_text("x = 1\n")
    before = side_process.code_version((tmp_path,))
    assert side_process.code_version((tmp_path,)) == before
    (tmp_path / "rules" / "a.json").write_text('{"b": 1}')
    assert side_process.code_version((tmp_path,)) != before
