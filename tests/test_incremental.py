"""Incremental runs: a run processes what no step has processed yet at its current version, and nothing else; the
tables end up exactly as one run over all the files would leave them; rows made at another version are made again
when their day is run (a backfill), and each row's version stays recorded."""

import json

from conftest import make_home, materialization

DAY = "2026-08-03"


def _article(n: int) -> dict:
    places = ["Example Bay", "North Harbour", "Old Town"]
    return {"id": f"inc-{n}", "title": f"Storm report {n}", "published_at": f"2024-06-0{1 + n % 9}",
            "text": f"Officials in {places[n % 3]} said on Tuesday that {n + 2} people were injured when a storm hit "
                    f"the coast. The council of {places[n % 3]} will meet on Friday to discuss repairs to road {n}."}


def _write(inbox, name: str, articles: list[dict]) -> None:
    (inbox / name).write_text("\n".join(json.dumps(a) for a in articles) + "\n")


def test_incremental_runs_equal_one_run_of_all_the_files(tmp_path):
    batches = {"a.jsonl": [_article(n) for n in range(0, 6)], "b.jsonl": [_article(n) for n in range(6, 9)],
               "c.jsonl": [_article(9)]}
    step_by_step, one_shot = make_home(tmp_path / "steps"), make_home(tmp_path / "once")
    processed = []
    for name, articles in batches.items():
        _write(step_by_step.inbox, name, articles)
        result = step_by_step.run(DAY)
        assert result.success
        processed.append(materialization(result, "mentions")["articles_read"].value)
    # each run read only the articles its file brought, though all arrived on the same day
    assert processed == [6, 3, 1]
    one_shot.inbox = step_by_step.inbox  # the same files, at the same paths, all there at once
    assert one_shot.run(DAY).success
    assert step_by_step.tables() == one_shot.tables()
    assert step_by_step.query("select count(*) from casualty_figures") == [(10,)]


def test_rows_made_at_another_version_are_made_again_when_their_day_runs(home):
    _write(home.inbox, "a.jsonl", [_article(n) for n in range(3)])
    assert home.run(DAY).success
    before = home.tables()
    # as if an earlier release had made the figures (what migration 002 records for the first release's rows)
    with __import__("duckdb").connect(str(home.db)) as con:
        con.execute("update processing_log set version = 'casualty-rules-0' where step = 'casualties'")
        con.execute("update casualty_figures set extractor_version = 'casualty-rules-0'")
    today = home.run()  # another day: old days stay as they are
    assert materialization(today, "casualty_figures")["articles_read"].value == 0
    assert home.query("select distinct extractor_version from casualty_figures") == [("casualty-rules-0",)]
    backfill = home.run(DAY)  # the day itself: its figures are made again at the current version, nothing else
    assert materialization(backfill, "casualty_figures")["articles_read"].value == 3
    assert materialization(backfill, "mentions")["articles_read"].value == 0
    assert home.tables() == before
    (version,) = home.query("select distinct extractor_version from casualty_figures")
    assert version[0].startswith("casualty-rules-") and version[0] != "casualty-rules-0"
    assert home.query("select count(*) from processing_log where step = 'casualties' and version = ?",
                      [version[0]]) == [(3,)]
