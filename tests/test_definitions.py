"""The Definitions load; the schedule and sensor ask for incremental runs of the right day; the sensor watches
exactly what a run reads."""

import datetime as dt

import dagster as dg
from test_pipeline_seed import CHECKS

from pipeline.definitions import defs
from pipeline.schedules import daily_pipeline_schedule
from pipeline.sensors import inbox_sensor

ASSETS = {"raw_articles", "parsed_articles", "rejected_articles", "sentences", "mentions", "entities",
          "casualty_figures", "daily_casualty_reports", "casualty_chart"}
BLOCKING = {"raw_articles.raw_records_complete", "raw_articles.files_recorded_once",
            "parsed_articles.articles_clean_and_dated", "rejected_articles.every_record_accounted_for",
            "sentences.sentence_offsets_match_body", "mentions.mention_offsets_match_body",
            "entities.entities_well_formed", "casualty_figures.figures_traceable_and_ordered",
            "daily_casualty_reports.reports_well_formed"}


def test_definitions_load_with_every_asset_and_check():
    graph = defs.resolve_asset_graph()
    assert {k.to_user_string() for k in graph.get_all_asset_keys()} == ASSETS
    specs = {f"{key.asset_key.to_user_string()}.{key.name}": graph.get_check_spec(key)
             for key in graph.asset_check_keys}
    assert set(specs) == CHECKS
    assert {name for name, spec in specs.items() if spec.blocking} == BLOCKING
    job = defs.resolve_job_def("daily_pipeline")
    assert job.partitions_def is not None
    assert defs.resolve_schedule_def("daily_pipeline_schedule").cron_schedule == "50 23 * * *"
    assert defs.resolve_sensor_def("inbox_sensor").job_name == "daily_pipeline"


def test_partitioned_assets_say_what_a_partition_is():
    graph = defs.resolve_asset_graph()
    for key in ("raw_articles", "parsed_articles", "mentions", "casualty_figures"):
        description = graph.get(dg.AssetKey(key)).description
        assert "Partitioned by arrival day" in description and "backfill" in description, key
    assert "Partitioned" not in graph.get(dg.AssetKey("entities")).description


def test_schedule_runs_the_ticks_own_day_incrementally():
    context = dg.build_schedule_context(scheduled_execution_time=dt.datetime(2026, 3, 4, 23, 50, tzinfo=dt.UTC))
    request = daily_pipeline_schedule(context)
    assert (request.partition_key, request.run_key) == ("2026-03-04", "daily-2026-03-04")
    assert request.tags == {"pipeline/mode": "incremental", "pipeline/source": "schedule"}


def test_sensor_fires_on_new_article_files_only(tmp_path, monkeypatch):
    monkeypatch.setenv("PIPELINE_INBOX", str(tmp_path))
    today = dt.datetime.now(dt.UTC).date().isoformat()
    (tmp_path / "a.txt").write_text("Title\n\nBody.")
    context = dg.build_sensor_context(cursor=None)
    first = inbox_sensor(context)
    assert isinstance(first, dg.RunRequest) and first.partition_key == today
    assert first.tags == {"pipeline/mode": "incremental", "pipeline/source": "sensor", "pipeline/files": "1"}
    assert isinstance(inbox_sensor(dg.build_sensor_context(cursor=context.cursor)), dg.SkipReason)
    # An editor's swap file, a hidden folder and a sidecar on its own are not articles: no run.
    (tmp_path / ".a.txt.swp").write_text("swap")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "index").write_text("x")
    (tmp_path / "b.meta.json").write_text("{}")
    assert isinstance(inbox_sensor(dg.build_sensor_context(cursor=context.cursor)), dg.SkipReason)
    # A changed sidecar changes its article: a run.
    (tmp_path / "a.meta.json").write_text('{"published_at": "2024-01-01"}')
    again = inbox_sensor(dg.build_sensor_context(cursor=context.cursor))
    assert isinstance(again, dg.RunRequest) and again.run_key != first.run_key


def test_partitions_start_where_configured():
    from pipeline.partitions import arrival_day_partitions

    assert arrival_day_partitions.get_first_partition_key() == "2020-01-01"  # conftest's PIPELINE_PARTITION_START
    assert arrival_day_partitions.get_last_partition_key() == dt.datetime.now(dt.UTC).date().isoformat()
