"""The dev-set scorer (pipeline/casualties/evaluation.py): locating labelled figures in cleaned bodies,
matching predictions to them, and what counts as the same claimant or place. Invented rows only."""

from __future__ import annotations

from pipeline.casualties import evaluation as ev


def gold(quote, number, low, high, kind="incremental", claimant=None, place=None, paragraph=0, ctype="killed"):
    return {"id": "a", "quote": quote, "number_text": number, "count_low": low, "count_high": high,
            "casualty_type": ctype, "figure_kind": kind, "claimant": claimant, "location": place,
            "victim_group": None, "sentence_index": paragraph}


def pred(start, end, best, hedge="exact", kind="incremental", claimant=None, place=None, ctype="killed"):
    return {"article_id": "a", "start_char": start, "end_char": end, "count_best": best, "hedge": hedge,
            "figure_kind": kind, "kind_rule": "x", "claimant_name": claimant, "location_name": place,
            "casualty_type": ctype, "victim_group": None, "figure_text": "", "rule_id": "x", "sentence_text": ""}


RAW = "Title line\n\nFive people were killed on Monday.\n\nLater, five people were killed on Monday."
BODY = "Five people were killed on Monday.\n\nLater, five people were killed on Monday."


def test_locate_uses_the_paragraph_to_pick_among_repeats():
    first = ev.locate(BODY, RAW, gold("five people were killed", "five", 5, 5, paragraph=2))
    assert first is not None and BODY[first[0]:first[1]] == "five" and first[0] == BODY.index("five")
    assert ev.locate(BODY, RAW, gold("twelve people", "twelve", 12, 12)) is None


def test_locate_normalises_spacing_and_soft_hyphens():
    body = "At least 40 peo\u00adple were killed."
    where = ev.locate("At least 40 people were killed.", body, gold("At least  40 people", "At least 40", 40, None))
    assert where == (0, 11)


def test_count_agrees_with_the_labels_conventions():
    assert ev.count_agrees({"count_best": 1000}, {"count_low": 1001, "count_high": None})  # 'more than 1,000'
    assert ev.count_agrees({"count_best": 50}, {"count_low": None, "count_high": 50})  # 'nearly 50'
    assert not ev.count_agrees({"count_best": 51}, {"count_low": None, "count_high": 50})
    assert not ev.count_agrees({"count_best": 12}, {"count_low": 1200, "count_high": 1200})


def test_match_is_one_to_one_on_overlapping_spans_and_type():
    golds = [ev.Gold("a", 0, 4, gold("Five people", "Five", 5, 5)),
             ev.Gold("a", 43, 47, gold("five people", "five", 5, 5))]
    preds = [pred(0, 4, 5), pred(0, 4, 5, ctype="injured"), pred(43, 47, 6), pred(60, 62, 3)]
    assert ev.match(preds, golds) == [(0, 0)]


def test_score_counts_singular_victims_as_out_of_scope():
    golds = [ev.Gold("a", 0, 4, gold("Five people", "Five", 5, 5, claimant="Gaza Health Ministry", place="Gaza"))]
    preds = [pred(0, 4, 5, claimant="Gaza Ministry of Health", place="Gaza"), pred(10, 16, 1, hedge="singular"),
             pred(20, 22, 3)]
    s = ev.score(preds, golds)
    assert (s.tp, s.n_pred, s.n_gold, s.kind_ok, s.claimant_ok, s.place_ok, s.place_n) == (1, 2, 1, 1, 1, 1, 1)
    assert (round(s.precision, 2), s.recall, round(s.f1, 3)) == (0.5, 1.0, 0.667)


def test_same_claimant():
    def same(got, want):
        return ev.same_claimant({"claimant_name": got}, {"claimant": want})

    assert same(None, None) and not same("Israel", None) and not same(None, "Israel")
    assert same("Gaza Ministry of Health", "Gaza Health Ministry")
    assert same("Israel Defense Forces", "Israeli military")
    assert same("Joe Biden", "Mr Biden")
    assert same("Israeli prime minister's office", "Israeli prime minister's office")
    assert not same("Hamas", "Gaza Health Ministry")


def test_same_place():
    def same(got, want):
        return ev.same_place({"location_name": got}, {"location": want})

    assert same("Israel", "southern Israel") and same("Al-Shifa Hospital", "Al-Shifa")
    assert same("Maghazi", "Al-Maghazi refugee camp")
    assert same("Gaza", "west of Gaza City")  # coarser, named by the label
    assert same("Nahal Oz", "Israel")  # inside a labelled country
    assert not same("Gaza", "Israel") and not same(None, "Gaza") and not same("Gaza City", "Gaza")
