"""Integration: the real Dagster job over the input zoo, into a real DuckDB file.

Every record ends up parsed or quarantined with its reason; the same file twice adds nothing; re-running a
day changes nothing; rebuilding one day leaves other days alone; a failing GX check blocks downstream.
"""

import os

import dagster as dg
import duckdb
import pytest
from test_pipeline_seed import CHECKS

from conftest import TABLE_ORDER, check_evaluations, make_home, materialization
from pipeline.quality.checks import latest_evaluation
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
    assert set(evaluations) == CHECKS
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
    before = zoo_home.tables()
    result = zoo_home.run()
    assert result.success
    assert zoo_home.tables() == before
    metadata = materialization(result, "raw_articles")
    assert (metadata["new_files"].value, metadata["files_already_ingested"].value) == (0, 23)
    # nothing was new, so nothing was validated again (and GX was not needed)
    assert {e.metadata["rows_validated"].value for e in check_evaluations(result).values()} == {0}


def test_rebuilding_one_day_replaces_that_day_only(home):
    (home.inbox / "day1.json").write_text('{"title": "A", "text": "Two people were hurt in a crash on Monday, '
                                          'police said.", "published_at": "2024-03-04"}')
    assert home.run("2026-01-01").success
    (home.inbox / "day2.json").write_text('{"title": "B", "text": "Three people were killed in a storm on '
                                          'Friday, officials said.", "published_at": "2024-03-08"}')
    assert home.run("2026-01-02").success
    before = home.tables()
    assert sorted((r[4], r[2].isoformat()) for r in before["parsed_articles"]) == [("A", "2026-01-01"),
                                                                                  ("B", "2026-01-02")]
    rebuilt = home.run("2026-01-01", rebuild=True)
    assert rebuilt.success
    assert home.tables() == before
    # the rebuild processed day 1's record again, and only it
    assert home.query("select step, count(*) from processing_log where run_id = ? group by 1 order by 1",
                      [rebuilt.run_id]) == [("casualties", 1), ("casualty_chart", 1), ("daily_casualty_reports", 1),
                                            ("entities", 1), ("nlp", 1), ("parse", 1)]
    assert home.query("select ingest_date::varchar, casualty_type, count_best from casualty_figures order by 1") == [
        ("2026-01-01", "injured", 2), ("2026-01-02", "killed", 3)]


def test_failing_check_names_expectation_and_blocks_downstream(home):
    (home.inbox / "good.json").write_text('{"title": "A", "text": "Two people were hurt in a crash on Monday, '
                                          'police said.", "published_at": "2024-03-04"}')
    assert home.run("2026-02-01").success
    good_tables = home.tables()
    # Bad data the readers would never write: a record in an unknown format, on another day.
    with duckdb.connect(str(home.db)) as con:
        con.execute("""insert into raw_articles values ('bad-row', '2026-02-02', now(), 'x.doc', 'h', 0, 'msword',
                       'text', 4, null, null, null)""")
    result = home.run("2026-02-02", rebuild=True)  # a rebuild validates the whole day
    assert not result.success
    check = check_evaluations(result)["raw_articles.raw_records_complete"]
    assert not check.passed and check.description == "1 of 8 expectations failed"
    assert check.metadata["failed_expectations"].value == 1
    what = check.metadata["what_failed"].value
    assert "| expect_column_values_to_be_in_set | format | 1 | msword |" in what
    assert "| bad-row | 2026-02-02 | x.doc | 0 | msword |" in what
    started = {e.step_key for e in result.all_events if e.event_type_value == "STEP_START"}
    assert started == {"raw_articles"}  # downstream never ran
    # An incremental run with nothing new does not forget it: the failure holds until the rows are replaced.
    again = home.run("2026-02-02")
    still = check_evaluations(again)["raw_articles.raw_records_complete"]
    assert not again.success and not still.passed
    assert still.description == f"unchanged since run {result.run_id[:8]}, which found: 1 of 8 expectations failed"
    assert check_evaluations(home.run("2026-02-02"))["raw_articles.raw_records_complete"].description == \
        still.description  # and so on, naming the run that found it
    # however many other days were checked since (here one, read a record at a time)
    assert home.run("2026-02-01").success
    key = dg.AssetCheckKey(dg.AssetKey("raw_articles"), "raw_records_complete")
    tags = {r.run_id: r.tags.get("dagster/partition") for r in home.instance.get_runs()}
    found = latest_evaluation(home.instance, key, lambda r: tags.get(r.run_id) == "2026-02-02", page=1)
    assert not found.event.dagster_event.event_specific_data.passed
    # The previous good day is untouched and queryable.
    assert home.query("select count(*) from raw_articles where raw_id = 'bad-row'") == [(1,)]
    assert {t: rows for t, rows in home.tables().items() if t != "raw_articles"} == {
        t: rows for t, rows in good_tables.items() if t != "raw_articles"}
