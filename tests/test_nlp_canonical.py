"""Canonicalisation across articles (sentences written for the tests) and entity ids."""

import pytest

from pipeline.nlp.canonical import entity_id_for
from pipeline.nlp.mentions import doc_mentions
from pipeline.nlp.model import load_nlp


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def mentions_of(nlp, text, article_id="a"):
    doc = nlp(text)
    _, mentions = doc_mentions(doc, article_id)
    for m in mentions:
        assert doc.text[m["start_char"] : m["end_char"]] == m["text"]
    return mentions


def entity_of(mentions, text):
    found = [m for m in mentions if m["text"] == text]
    assert found, f"{text!r} not in {[m['text'] for m in mentions]}"
    return found[0]["entity_name"], found[0]["label"], found[0]["entity_id"]


@pytest.mark.parametrize(
    ("article", "text", "entity_name", "label"),
    [
        ("Officials in Washington said the U.S. would send more aid to Gaza.", "U.S.", "United States", "GPE"),
        ("Diplomats said the US would veto the resolution on Gaza.", "US", "United States", "GPE"),
        ("The United States vetoed a draft resolution on Gaza.", "United States", "United States", "GPE"),
        ("According to the health ministry, 40 people died in Gaza overnight.", "health ministry",
         "Gaza Ministry of Health", "ORG"),
        ("Gaza's health ministry said 40 people died.", "Gaza's health ministry", "Gaza Ministry of Health", "ORG"),
        ("The Gaza Health Ministry said 40 people died.", "Gaza Health Ministry", "Gaza Ministry of Health", "ORG"),
        ("The Hamas-run health ministry said 40 people died.", "Hamas-run health ministry",
         "Gaza Ministry of Health", "ORG"),
        ("Figures from the Ministry of Health in Gaza show 40 deaths.", "Ministry of Health in Gaza",
         "Gaza Ministry of Health", "ORG"),
        ("Syria's health ministry said 12 people died in Homs.", "health ministry", "Syria Ministry of Health", "ORG"),
        ("The health ministry in Damascus said 12 people died in Homs.", "health ministry", "Ministry of Health",
         "ORG"),
        ("The Lebanese health ministry said two people died near Tyre.", "health ministry",
         "Lebanon Ministry of Health", "ORG"),
        ("Aid agencies, including OCHA, warned of famine in Gaza.", "OCHA", "OCHA", "ORG"),
        ("The UN's Office for the Coordination of Humanitarian Affairs warned of famine.",
         "UN's Office for the Coordination of Humanitarian Affairs", "OCHA", "ORG"),
        ("The Syrian Observatory for Human Rights said ten people died.", "Syrian Observatory for Human Rights",
         "Syrian Observatory for Human Rights", "ORG"),
        ("The IDF said it struck targets in Jabalia.", "IDF", "Israel Defense Forces", "ORG"),
        ("The Israel Defense Forces said it struck targets.", "Israel Defense Forces", "Israel Defense Forces", "ORG"),
        ("The UN said aid must reach Gaza.", "UN", "United Nations", "ORG"),
        ("Residents fled Khan Younis for Rafah.", "Khan Younis", "Khan Younis", "GPE"),
        ("Strikes hit Deir al-Balah and the Nuseirat camp overnight.", "Deir al-Balah", "Deir al-Balah", "GPE"),
        ("Troops raided Jenin in the occupied West Bank.", "West Bank", "West Bank", "GPE"),
        ("Hamas's armed wing claimed the attack.", "Hamas", "Hamas", "ORG"),
        ("Mr Netanyahu said the war would continue.", "Netanyahu", "Benjamin Netanyahu", "PERSON"),
    ],
)
def test_variants_across_articles(nlp, article, text, entity_name, label):
    name, got_label, entity_id = entity_of(mentions_of(nlp, article), text)
    assert (name, got_label) == (entity_name, label)
    assert entity_id == entity_id_for(label, entity_name)


def test_same_entity_id_across_articles(nlp):
    us_ids = {entity_of(mentions_of(nlp, art, f"a{i}"), text)[2] for i, (art, text) in enumerate([
        ("The U.S. sent aid.", "U.S."), ("Troops from the US arrived.", "US"),
        ("The United States sent aid.", "United States")])}
    assert len(us_ids) == 1


def test_surname_not_taken_for_place(nlp):
    mentions = mentions_of(nlp, "Lloyd Austin met Yoav Gallant in Tel Aviv. Austin said talks went well.")
    assert {m["entity_name"] for m in mentions if m["text"] == "Austin"} == {"Lloyd Austin"}


@pytest.mark.parametrize(
    ("headline", "forbidden"),
    [
        ("US Pushes for Gaza Ceasefire Blinken Meets Israeli PM for Talks", {"US Pushes", "Blinken Meets"}),
        ("Netanyahu Vows Total Victory Over Hamas", {"Netanyahu Vows Total Victory", "Netanyahu Vows"}),
        ("UN Warns of Famine in Gaza", {"UN Warns of Famine", "UN Warns"}),
    ],
)
def test_headline_casing(nlp, headline, forbidden):
    mentions = mentions_of(nlp, headline)
    assert not forbidden & ({m["text"] for m in mentions} | {m["entity_name"] for m in mentions})


def test_entity_id_for_is_stable():
    assert entity_id_for("GPE", "Gaza") == "bb3c11b2b8ca1d4b"
    assert entity_id_for("LOC", "Gaza") == entity_id_for("GPE", "Gaza") == entity_id_for("FAC", "Gaza")
    assert entity_id_for("ORG", "Gaza Ministry of Health") == "5c30be89cc868b95"
    assert entity_id_for("PERSON", "Antony Blinken") == "b0cac0738c29c4ae"
    assert entity_id_for("ORG", "Gaza") != entity_id_for("GPE", "Gaza")
    assert len(entity_id_for("NORP", "Israeli")) == 16


def test_an_entity_is_named_by_its_most_used_name_and_ties_the_same_way_every_run():
    import datetime as dt

    import duckdb

    from pipeline.warehouse.sql import read_sql

    con = duckdb.connect()
    con.execute("create table parsed_articles as select 'a' || i as article_id, date '2024-01-01' + i::integer as "
                "published_date from range(4) t(i)")
    con.execute("create table mentions (entity_id varchar, entity_name varchar, label varchar, text varchar, "
                "article_id varchar)")
    rows = [("e1", "House intelligence committee", "a0"), ("e1", "House Intelligence Committee", "a1"),
            ("e2", "Oslo Accords", "a0"), ("e2", "Oslo accords", "a1"), ("e2", "Oslo accords", "a2")]
    for order in (rows, rows[::-1]):  # whatever order the mentions were written in
        con.execute("delete from mentions")
        con.executemany("insert into mentions values (?, ?, 'ORG', ?, ?)", [(e, n, n, a) for e, n, a in order])
        assert con.execute(read_sql("entities.sql")).fetchall() == [
            ("e2", "Oslo accords", "ORG", ["Oslo Accords", "Oslo accords"], 3, 3, dt.date(2024, 1, 1),
             dt.date(2024, 1, 3)),
            ("e1", "House Intelligence Committee", "ORG", ["House Intelligence Committee",
                                                            "House intelligence committee"], 2, 2,
             dt.date(2024, 1, 1), dt.date(2024, 1, 2))]
