"""Integration: the real Dagster job over the input zoo, into a real DuckDB file.

Every record ends up parsed or quarantined with its reason; the same file twice adds nothing; re-running a
day changes nothing; re-running one day leaves other days alone; a failing GX check blocks downstream.
"""

import os

import duckdb
import pytest

from conftest import TABLE_ORDER, TODAY, check_evaluations, make_home
from zoo import build_zoo

TABLES = TABLE_ORDER


@pytest.fixture(scope="module")
def zoo_home(tmp_path_factory):
    home = make_home(tmp_path_factory.mktemp("zoo"))
    home.expected = build_zoo(home.inbox)
    home.result = home.run()
    return home


def outcomes(home) -> dict[str, list[str]]:
    rows = home.query("""
        select r.source_path, coalesce(q.reason, case when a.article_id is not null then 'parsed' end)
        from raw_articles r
        left join parsed_articles a using (raw_id)
        left join rejected_articles q using (raw_id)
        order by r.source_path, r.record_no""")
    got: dict[str, list[str]] = {}
    for path, outcome in rows:
        got.setdefault(os.path.relpath(path, home.inbox), []).append(outcome)
    return got


def test_run_succeeds_and_every_check_passes(zoo_home):
    assert zoo_home.result.success
    evaluations = check_evaluations(zoo_home.result)
    assert len(evaluations) == 8
    assert {name for name, e in evaluations.items() if not e.passed} == set()


def test_every_record_parsed_or_quarantined_with_its_reason(zoo_home):
    expected = {name: o for name, o in zoo_home.expected.items() if o}
    assert outcomes(zoo_home) == expected


def test_accounting_holds(zoo_home):
    (n_raw, n_parsed, n_rejected, n_both), = zoo_home.query("""
        select (select count(*) from raw_articles), (select count(*) from parsed_articles),
               (select count(*) from rejected_articles),
               (select count(*) from parsed_articles join rejected_articles using (raw_id))""")
    assert (n_raw, n_parsed, n_rejected, n_both) == (27, 8, 19, 0)
    assert n_raw == sum(len(o) for o in zoo_home.expected.values())


def test_duplicates_point_to_the_article_they_repeat(zoo_home):
    rows = zoo_home.query("""
        select q.reason, a.title from rejected_articles q join parsed_articles a on a.article_id = q.duplicate_of
        order by q.source_path""")
    assert rows == [("duplicate", "Fire"),
                    ("near_duplicate", "US Pushes for Gaza Ceasefire Blinken Meets Israeli PM for Talks"),
                    ("duplicate", "US Pushes for Gaza Ceasefire Blinken Meets Israeli PM for Talks")]


def test_decoded_texts_and_hostile_titles_are_kept_verbatim(zoo_home):
    titles = {t for (t,) in zoo_home.query("select title from parsed_articles")}
    assert {"Café owners protest", "Library reopens", "Cafés reopen", "'); DROP TABLE parsed_articles; --",
            "Bridge opens"} <= titles


def test_same_files_again_add_nothing_and_rerun_changes_nothing(zoo_home):
    before = {t: zoo_home.snapshot(t, order) for t, order in TABLES.items()}
    result = zoo_home.run()
    assert result.success
    after = {t: zoo_home.snapshot(t, order) for t, order in TABLES.items()}
    assert after == before
    materialization = result.asset_materializations_for_node("raw_articles")[0]
    assert materialization.metadata["new_files"].value == 0
    assert materialization.metadata["files_already_ingested"].value == 23


def test_rerunning_one_day_leaves_other_days_alone(home):
    (home.inbox / "day1.json").write_text('{"title": "A", "text": "Two people were hurt in a crash on Monday, '
                                          'police said.", "published_at": "2024-03-04"}')
    assert home.run("2026-01-01").success
    (home.inbox / "day2.json").write_text('{"title": "B", "text": "Three people were killed in a storm on '
                                          'Friday, officials said.", "published_at": "2024-03-08"}')
    assert home.run("2026-01-02").success
    day2 = home.snapshot("parsed_articles", "article_id")
    figures = home.snapshot("casualty_figures", "figure_id")
    assert [(r[4], r[2].isoformat()) for r in day2] == [("A", "2026-01-01"), ("B", "2026-01-02")] or \
        sorted((r[4], r[2].isoformat()) for r in day2) == [("A", "2026-01-01"), ("B", "2026-01-02")]
    assert home.run("2026-01-01").success
    assert home.snapshot("parsed_articles", "article_id") == day2
    assert home.snapshot("casualty_figures", "figure_id") == figures
    assert home.query("select ingest_date::varchar, casualty_type, count_best from casualty_figures order by 1") == [
        ("2026-01-01", "injured", 2), ("2026-01-02", "killed", 3)]


def test_failing_check_names_expectation_and_blocks_downstream(home):
    (home.inbox / "good.json").write_text('{"title": "A", "text": "Two people were hurt in a crash on Monday, '
                                          'police said.", "published_at": "2024-03-04"}')
    assert home.run("2026-02-01").success
    good_tables = {t: home.snapshot(t, order) for t, order in TABLES.items()}
    # Bad data the readers would never write: a record in an unknown format, on another day.
    with duckdb.connect(str(home.db)) as con:
        con.execute("""insert into raw_articles values ('bad-row', '2026-02-02', now(), 'x.doc', 'h', 0, 'msword',
                       'text', 4, null, null, null)""")
    result = home.run("2026-02-02")
    assert not result.success
    check = check_evaluations(result)["raw_articles.raw_articles_expectations"]
    assert not check.passed
    failed = check.metadata["failed_expectations"].value
    assert [(f["expectation"], f["column"], f["bad_row_ids"]) for f in failed] == [
        ("expect_column_values_to_be_in_set", "format", ["bad-row"])]
    assert "bad-row" in check.metadata["sample_bad_rows"].value
    started = {e.step_key for e in result.all_events if e.event_type_value == "STEP_START"}
    assert started == {"raw_articles", "raw_articles_raw_articles_expectations"}  # downstream never ran
    # The previous good day is untouched and queryable.
    (bad,) = home.query("select count(*) from raw_articles where raw_id = 'bad-row'")
    assert bad == (1,)
    assert {t: home.snapshot(t, order) for t, order in TABLES.items() if t != "raw_articles"} == {
        t: rows for t, rows in good_tables.items() if t != "raw_articles"}


def test_today_partition_exists():
    from pipeline.partitions import arrival_day_partitions

    assert arrival_day_partitions.get_last_partition_key() == TODAY
