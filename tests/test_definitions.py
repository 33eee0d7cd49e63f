"""The Definitions load, and the schedule and sensor ask for the right runs."""

import datetime as dt

import dagster as dg

from pipeline.definitions import defs
from pipeline.schedules import daily_pipeline_schedule
from pipeline.sensors import inbox_sensor

ASSETS = {"raw_articles", "parsed_articles", "rejected_articles", "sentences", "mentions", "entities",
          "casualty_figures", "daily_casualty_reports"}


def test_definitions_load_with_every_asset_and_check():
    graph = defs.resolve_asset_graph()
    assert {k.to_user_string() for k in graph.get_all_asset_keys()} == ASSETS | {"casualty_chart"}
    checks = {f"{k.asset_key.to_user_string()}.{k.name}" for k in graph.asset_check_keys}
    assert checks == {f"{a}.{a}_expectations" for a in ASSETS}
    job = defs.resolve_job_def("daily_pipeline")
    assert job.partitions_def is not None
    assert defs.resolve_schedule_def("daily_pipeline_schedule").cron_schedule == "50 23 * * *"
    assert defs.resolve_sensor_def("inbox_sensor").job_name == "daily_pipeline"


def test_schedule_runs_the_ticks_own_day():
    context = dg.build_schedule_context(scheduled_execution_time=dt.datetime(2026, 3, 4, 23, 50, tzinfo=dt.UTC))
    request = daily_pipeline_schedule(context)
    assert (request.partition_key, request.run_key) == ("2026-03-04", "daily-2026-03-04")


def test_sensor_fires_on_new_files_only(tmp_path, monkeypatch):
    monkeypatch.setenv("PIPELINE_INBOX", str(tmp_path))
    today = dt.datetime.now(dt.UTC).date().isoformat()
    (tmp_path / "a.txt").write_text("Title\n\nBody.")
    context = dg.build_sensor_context(cursor=None)
    first = inbox_sensor(context)
    assert isinstance(first, dg.RunRequest) and first.partition_key == today
    assert isinstance(inbox_sensor(dg.build_sensor_context(cursor=context.cursor)), dg.SkipReason)
    (tmp_path / "b.txt").write_text("Title\n\nAnother body.")
    again = inbox_sensor(dg.build_sensor_context(cursor=context.cursor))
    assert isinstance(again, dg.RunRequest) and again.run_key != first.run_key
