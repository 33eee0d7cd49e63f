"""Integration: the shipped seed article through the real Dagster job, spaCy model and GX suites.

Exact values only: the seed is the user's own example of what the product must get right.
"""

import datetime as dt

import pytest

from conftest import SEED_TEXT, check_evaluations, materialization

TITLE = "US Pushes for Gaza Ceasefire Blinken Meets Israeli PM for Talks"


CHECKS = {"raw_articles.raw_records_complete", "raw_articles.files_recorded_once",
          "parsed_articles.articles_clean_and_dated", "parsed_articles.articles_mostly_english",
          "rejected_articles.every_record_accounted_for", "sentences.sentence_offsets_match_body",
          "mentions.mention_offsets_match_body", "entities.entities_well_formed",
          "casualty_figures.figures_traceable_and_ordered", "casualty_figures.figure_counts_plausible",
          "daily_casualty_reports.reports_well_formed", "daily_casualty_reports.running_totals_never_fall"}


def test_every_check_passes_and_every_asset_reports_metadata(seed_home):
    evaluations = check_evaluations(seed_home.result)
    assert set(evaluations) == CHECKS
    assert {name for name, e in evaluations.items() if not e.passed} == set()
    for asset in ("raw_articles", "parsed_articles", "rejected_articles", "sentences", "mentions", "entities",
                  "casualty_figures", "daily_casualty_reports"):
        metadata = materialization(seed_home.result, asset)
        assert {"dagster/row_count", "preview", "dagster/column_schema"} <= set(metadata)
    parsed = evaluations["parsed_articles.articles_clean_and_dated"].metadata
    assert parsed["rows_validated"].value == 1
    docs = parsed["data_docs"].value
    assert docs.startswith("[Open in Data Docs](http://127.0.0.1:8090/validations/parsed_articles/")
    assert docs.endswith(".html) (serve them with `python -m pipeline docs`)")


def test_runs_carry_the_code_location_origin_and_plain_tags(seed_home):
    run = seed_home.instance.get_run_by_id(seed_home.result.run_id)
    assert run.remote_job_origin.repository_origin.code_location_origin.location_name == "casualty_pipeline"
    assert {k: v for k, v in run.tags.items() if k.startswith("pipeline/")} == {
        "pipeline/mode": "incremental", "pipeline/source": "test", "pipeline/stage": "all"}


def test_seed_is_one_clean_article(seed_home):
    rows = seed_home.query("""select title, published_date, date_source, source, external_id, n_paragraphs, n_words,
                                     language, body from parsed_articles""")
    assert len(rows) == 1
    title, published, date_source, source, external_id, n_paragraphs, n_words, language, body = rows[0]
    assert (title, published, date_source, source, external_id) == (TITLE, dt.date(2024, 2, 7), "metadata",
                                                                    "NewsTrack", None)
    assert (n_paragraphs, n_words, language) == (13, 405, "en")
    assert body.startswith("US Secretary of State Antony Blinken met with Israeli Prime Minister")
    assert body.endswith("according to the Syrian Observatory for Human Rights.")
    assert TITLE not in body and "Read More" not in body and "Related News" not in body
    assert seed_home.query("select count(*), min(content) from raw_articles") == [(1, SEED_TEXT)]
    assert seed_home.query("select count(*) from rejected_articles") == [(0,)]


@pytest.mark.parametrize("text, name, label", [
    ("Blinken", "Antony Blinken", "PERSON"),
    ("Netanyahu", "Benjamin Netanyahu", "PERSON"),
    ("US", "United States", "GPE"),
    ("health ministry", "Gaza Ministry of Health", "ORG"),
    ("Gaza's health ministry", "Gaza Ministry of Health", "ORG"),
    ("UN Office for the Coordination of Humanitarian Affairs", "OCHA", "ORG"),
    ("OCHA", "OCHA", "ORG"),
    ("Khan Yunis", "Khan Younis", "GPE"),
    ("Rafah", "Rafah", "GPE"),
    ("Syrian Observatory for Human Rights", "Syrian Observatory for Human Rights", "ORG"),
])
def test_mentions_resolve_to_canonical_entities(seed_home, text, name, label):
    assert seed_home.query("select distinct entity_name, label from mentions where text = ?", [text]) == [(name, label)]


def test_mention_offsets_index_the_body(seed_home):
    bad = seed_home.query("""select count(*) from mentions m join parsed_articles a using (article_id)
                             where substring(a.body, m.start_char + 1, m.end_char - m.start_char) <> m.text""")
    assert bad == [(0,)]
    assert seed_home.query("select count(*) from entities where name in ('US Pushes', 'Blinken Meets')") == [(0,)]


@pytest.mark.parametrize("name, lat, lon, country", [
    ("Khan Younis", 31.35, 34.31, "PS"), ("Rafah", 31.30, 34.25, "PS"), ("Gaza", 31.42, 34.36, "PS"),
    ("Gaza City", 31.50, 34.47, "PS"), ("Jerusalem", 31.77, 35.21, "IL"), ("Doha", 25.29, 51.53, "QA"),
    ("Homs", 34.73, 36.71, "SY"), ("Syria", 35.0, 38.5, "SY"), ("Lebanon", 33.85, 35.86, "LB"),
    ("Iraq", 33.0, 44.0, "IQ"), ("Yemen", 15.5, 47.5, "YE"), ("Iran", 32.0, 53.0, "IR"),
    ("Saudi Arabia", 24.0, 45.0, "SA"), ("Egypt", 26.8, 30.8, "EG"),
])
def test_places_have_coordinates(seed_home, name, lat, lon, country):
    ((got_lat, got_lon, got_country),) = seed_home.query(
        "select latitude, longitude, country_code from entities where name = ?", [name])
    assert (round(got_lat, 2), round(got_lon, 2), got_country) == (lat, lon, country)


def test_seed_gives_exactly_three_casualty_figures(seed_home):
    rows = seed_home.query("""
        select figure_text, casualty_type, type_rule, count_low, count_best, count_high, hedge, figure_kind,
               period_start, period_end, report_date, claimant_name, location_name, sentence_idx
        from casualty_figures order by start_char""")
    d = dt.date
    assert rows == [
        ("over 100", "killed", "noun:fatalities", 100, 100, None, "over", "incremental",
         d(2024, 2, 6), d(2024, 2, 7), d(2024, 2, 7), "Gaza Ministry of Health", "Gaza", 6),
        ("at least 27,585", "killed", "noun:casualties|casualties->killed", 27585, 27585, None, "at_least",
         "cumulative", None, d(2024, 2, 7), d(2024, 2, 7), "Gaza Ministry of Health", "Gaza", 12),
        ("ten", "killed", "noun:lives", 10, 10, 10, "exact", "incremental",
         None, None, d(2024, 2, 7), "Syrian Observatory for Human Rights", "Homs", 20),
    ]
    # Provenance: the span is in the body, and claimant and place link to entities with coordinates.
    linked = seed_home.query("""
        select count(*) from casualty_figures f
        join parsed_articles a using (article_id)
        join entities c on c.entity_id = f.claimant_entity_id
        join entities p on p.entity_id = f.location_entity_id
        where substring(a.body, f.start_char + 1, f.end_char - f.start_char) = f.figure_text
          and p.latitude is not null""")
    assert linked == [(3,)]


def test_daily_reports_keep_one_row_per_key(seed_home):
    rows = seed_home.query("""select report_date::varchar, location, casualty_type, figure_kind, claimant,
                                     count_low, count_best, count_high, n_figures, n_articles, disagreement
                              from daily_casualty_reports order by figure_kind, location""")
    assert rows == [
        ("2024-02-07", "Gaza", "killed", "cumulative", "Gaza Ministry of Health", 27585, 27585, None, 1, 1, False),
        ("2024-02-07", "Gaza", "killed", "incremental", "Gaza Ministry of Health", 100, 100, None, 1, 1, False),
        ("2024-02-07", "Homs", "killed", "incremental", "Syrian Observatory for Human Rights", 10, 10, 10, 1, 1,
         False),
    ]
