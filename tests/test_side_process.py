"""The run's side process (GX validations, the chart, the gazetteer) and the worker processes: the work they take
over from the run's process gives exactly what it gave in that process, and their failures are clear."""

import json
import os
import subprocess
import sys

import polars as pl
import pytest

from conftest import ROOT, SEEDS, cli_env, make_home
from pipeline import side_process
from pipeline.steps import parse


def test_a_call_runs_in_the_side_process_and_its_error_comes_back_with_the_traceback():
    assert side_process.call("os:getpid") != os.getpid()
    assert side_process.call("pipeline.nlp.canonical:with_coordinates",
                             pl.DataFrame({"name": ["Khan Younis", "Hamas"], "label": ["GPE", "ORG"]})).select(
        "name", "country_code", "feature_type").rows() == [("Khan Younis", "PS", "city"), ("Hamas", None, None)]
    with pytest.raises(side_process.SideProcessError, match=r"(?s)pipeline.nlp.canonical:nope failed.*AttributeError"):
        side_process.call("pipeline.nlp.canonical:nope")
    assert side_process.call("os:getpid") > 0  # still serving after a failed call


def test_a_run_keeps_gx_and_matplotlib_out_of_its_own_process(tmp_path):
    """The whole pipeline on the seeds, validated and charted, with neither imported in the run's process."""
    code = """
import sys
from pipeline.cli import main
code = main(["run"])
heavy = sorted(m for m in ("great_expectations", "matplotlib") if m in sys.modules)
print("HEAVY", heavy)
raise SystemExit(code)
"""
    (tmp_path / "inbox").mkdir()
    for path in SEEDS.iterdir():
        (tmp_path / "inbox" / path.name).write_bytes(path.read_bytes())
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         env=cli_env(tmp_path, PIPELINE_INBOX=str(tmp_path / "inbox")))
    assert out.returncode == 0, out.stderr[-3000:]
    assert "HEAVY []" in out.stdout
    assert "quality checks           12 passed, 0 failed, 0 warnings" in out.stdout
    assert (tmp_path / "charts" / "daily_casualties.png").read_bytes()[:4] == b"\x89PNG"


def _record(n: int) -> dict:
    return {"id": f"w-{n}", "title": f"Flood report {n}", "published_at": f"2024-05-0{1 + n % 9}",
            "text": f"Officials said on Monday that {n + 3} people were injured when the river rose. "
                    f"Road {n} stays closed."}


def test_parsing_in_the_workers_equals_parsing_in_the_run_process(tmp_path, monkeypatch):
    records = [_record(n) for n in range(8)] + [{"id": "empty", "text": ""}, _record(3)]  # a reject, a duplicate
    here, workers = make_home(tmp_path / "here"), make_home(tmp_path / "workers")
    (here.inbox / "a.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    workers.inbox = here.inbox  # the same file at the same path
    assert here.run("2026-08-04").success
    monkeypatch.setattr(parse, "IN_WORKERS_FROM", 1)
    assert workers.run("2026-08-04").success
    assert workers.tables() == here.tables()
    assert workers.query("select reason, count(*) from rejected_articles group by 1 order by 1") == [
        ("duplicate", 1), ("no_text_field", 1)]
