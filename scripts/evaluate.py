"""Evaluate the casualty extractor (not a test). Three measures, each run when its data is there:

WAD (World Atrocities Dataset descriptions, wad_dev.jsonl):
  article-level rule: killed = the largest killed figure in the description, where figures that are
  conjuncts of one predicate ('14 civilians and one soldier died') are summed first; figures of
  perpetrators (victim_group 'militants') and historical figures are left out. Same rule for injured.
  Exact match on killed over all rows; on injured, an empty or 0 label means "not stated" and matches
  a prediction of None (no injured figure).
BBC dev set (../shared/data/labelled/bbc_figures, 113 hand-labelled figures in 40 articles): the
  pipeline's own functions run in-process on those articles of the BBC corpus (parse_record, the reading
  model and doc_mentions, then extract_batch); figure precision/recall/F1 and, on matched figures, kind,
  claimant, place and victim-group accuracy (matching and scope: pipeline/casualties/evaluation.py).
BBC vs reference: every figure of a warehouse built from the BBC corpus that the Gaza Ministry of Health
  gives as its war-to-date killed total (cumulative, all victims, scope 'full') against killed_cum of the
  Tech for Palestine series: strict (within 1% on report_date or the two days before) and hedge-aware
  (the interval the figure states meets the series' values from three days before to the day after).

python scripts/evaluate.py [--wad PATH] [--dev DIR --corpus JSONL] [--bbc WAREHOUSE.duckdb --reference PATH]
                           [--limit N] [--show-misses N] [--rules-only]
With no data option, everything under ../shared/data and data/eval/bbc.duckdb (what `make eval` builds).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline import settings  # noqa: E402
from pipeline.casualties import evaluation as dev  # noqa: E402
from pipeline.casualties.extract import extract_batch, extract_batch_with_context  # noqa: E402
from pipeline.casualties.numbers import find_numbers  # noqa: E402
from pipeline.casualties.rules import load_rules  # noqa: E402
from pipeline.casualties.timing import date_cues  # noqa: E402
from pipeline.nlp.mentions import doc_mentions  # noqa: E402

# ../shared beside the project checkout: third-party data, read in place, never copied into the project.
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
NON_CIVILIAN = {"soldiers", "police", "militants"}


def load_models(rules_only: bool):
    """The pipeline's reading model (senter, NER, entity rules) and the extractor's parser."""
    from pipeline.nlp.model import load_nlp, load_parser

    model = settings.spacy_model()
    return load_nlp(model), None if rules_only else load_parser(model)


def article_count(items: list[tuple[dict, dict]], ctype: str) -> int | None:
    """Largest figure of a type, after summing conjuncts of one predicate. WAD counts civilians of the
    event: figures of soldiers, police or militants are left out of sums, and out of the maximum when any
    other figure of the type exists; historical figures are left out."""
    figs = [(r, c) for r, c in items if r["casualty_type"] == ctype and r["scope"] != "historical"]
    civil = [(r, c) for r, c in figs if r["victim_group"] not in NON_CIVILIAN]
    figs = civil or figs
    if not figs:
        return None
    groups = defaultdict(list)
    for r, c in figs:
        key = (r["sentence_idx"], c["pred_i"]) if c["pred_i"] is not None else (r["sentence_idx"], r["start_char"])
        groups[key].append((r, c))
    best = 0
    for members in groups.values():
        conj = [r for r, c in members if c["head_dep"] == "conj" and r["victim_group"] not in NON_CIVILIAN]
        first = [r for r, c in members if c["head_dep"] != "conj"]
        total = max(r["count_best"] for r, _ in members)
        if conj and first:
            total = max(total, max(r["count_best"] for r in first) + sum(r["count_best"] for r in conj))
        best = max(best, total)
    return best


def as_int(label: str) -> int | None:
    return int(label) if label and label.strip().isdigit() and int(label) > 0 else None


def evaluate_wad(path: Path, nlp, parser, limit: int | None, show: int) -> None:
    rows = [json.loads(line) for line in path.open()][:limit]
    t0 = time.time()
    articles = []
    for r, doc in zip(rows, nlp.pipe([r["text"] for r in rows], batch_size=64), strict=True):
        sents, ments = doc_mentions(doc, r["id"])
        articles.append({"article_id": r["id"], "body": r["text"], "published_date": dt.date.fromisoformat(r["date"]),
                         "sentences": sents, "mentions": ments})
    by_article = defaultdict(list)
    for row, ctx in extract_batch_with_context(articles, parser):
        by_article[row["article_id"]].append((row, ctx))
    k_ok = i_ok = i_lab = i_lab_ok = nonum = nonum_ok = 0
    misses = []
    for r in rows:
        items = by_article[r["id"]]
        killed, injured = article_count(items, "killed"), article_count(items, "injured")
        k_gold, i_gold = as_int(r["killed"]), as_int(r["injured"])
        k_ok += killed == k_gold
        i_ok += injured == i_gold
        if i_gold is not None:
            i_lab += 1
            i_lab_ok += injured == i_gold
        if not find_numbers(r["text"]):
            nonum += 1
            nonum_ok += not any(row["hedge"] != "singular" for row, _ in items)
        if killed != k_gold:
            figs = [(row["figure_text"], row["casualty_type"], row["count_best"], row["scope"]) for row, _ in items]
            misses.append(f"  MISS {r['id']} gold={k_gold} got={killed} :: {r['text'][:300]}\n        figures={figs}")
    n = len(rows)
    print(f"WAD ({n} descriptions, {time.time() - t0:.0f}s)")
    print(f"  killed exact match:   {k_ok / n:.3f} ({k_ok}/{n})")
    print(f"  injured exact match:  {i_ok / n:.3f} ({i_ok}/{n}; empty/0 label = none stated)")
    print(f"  injured, labelled>0:  {i_lab_ok / max(i_lab, 1):.3f} ({i_lab_ok}/{i_lab})")
    print(f"  no-number descriptions yielding no numeric figure: {nonum_ok / max(nonum, 1):.3f} ({nonum_ok}/{nonum})")
    print("\n".join(misses[:show]))


def _dev_articles(ids: list[str], corpus: Path) -> tuple[dict, dict]:
    """(parsed articles by id, raw records by id), read with the pipeline's own parse_record."""
    from pipeline.ingest.parse import parse_record

    wanted, parsed, raw = set(ids), {}, {}
    with corpus.open(encoding="utf-8") as f:
        for n, line in enumerate(f):
            record = json.loads(line)
            if record.get("id") not in wanted:
                continue
            raw[record["id"]] = record
            parsed[record["id"]] = parse_record(
                {"raw_id": record["id"], "ingest_date": dt.date.today(), "source_path": str(corpus),
                 "record_no": n, "format": "jsonl", "content": line, "read_error": None, "error_detail": None},
                dt.date.today())
    return parsed, raw


def _canonical_place(name: str) -> str:
    from pipeline.nlp.canonical import canonicalize

    hit = canonicalize(name, "GPE")
    return hit[0] if hit and hit[0] else name


def _group(label: str | None) -> str | None:
    """The dev set's free-text victim group in the extractor's terms (nationalities are no subgroup)."""
    if label is None:
        return None
    group_of = load_rules().group_of
    words = label.lower().split()
    for phrase in (" ".join(words[-2:]), *reversed(words)):  # 'British aid workers', 'police officers'
        if phrase in group_of:
            return group_of[phrase][0]
    return None


def evaluate_dev(directory: Path, corpus: Path, nlp, parser, show: int) -> None:
    t0 = time.time()
    ids, gold_rows = dev.load_devset(directory)
    parsed, raw = _dev_articles(ids, corpus)
    articles = []
    for aid, doc in zip(ids, nlp.pipe([parsed[i]["body"] for i in ids]), strict=True):
        sents, ments = doc_mentions(doc, aid)
        a = parsed[aid]
        articles.append({"article_id": aid, "body": a["body"], "published_date": a["published_date"],
                         "sentences": sents, "mentions": ments})
    preds = extract_batch(articles, parser)
    golds, lost = [], []
    for r in gold_rows:
        where = dev.locate(parsed[r["id"]]["body"], raw[r["id"]]["text"], r)
        (golds.append(dev.Gold(r["id"], *where, r)) if where else lost.append(r))
    s = dev.score(preds, golds, _canonical_place, _group)
    dated = _dated_events(preds, golds, parsed)
    print(f"BBC dev set ({len(ids)} articles, {len(gold_rows)} labelled figures, {time.time() - t0:.0f}s)")
    if lost:
        print(f"  {len(lost)} labelled figures not found in the parsed bodies")
    print(f"  figures: precision {s.precision:.3f}, recall {s.recall:.3f}, F1 {s.f1:.3f} "
          f"({s.tp} matched, {s.n_pred} predicted in scope, {s.n_gold} labelled)")
    print(f"  figure_kind accuracy {s.kind_ok / max(s.tp, 1):.3f}; unknown {s.unknown / max(s.tp, 1):.3f}")
    print(f"  claimant accuracy    {s.claimant_ok / max(s.tp, 1):.3f} ({s.claimant_ok}/{s.tp})")
    print(f"  place accuracy       {s.place_ok / max(s.place_n, 1):.3f} "
          f"({s.place_ok}/{s.place_n} with a labelled place)")
    print(f"  victim group         {s.group_ok / max(s.tp, 1):.3f} ({s.group_ok}/{s.tp})")
    print(f"  dated events: report_date is the labelled day {dated[0]}/{dated[1]}")
    for line in s.misses[:show]:
        print("  " + line)


def _dated_events(preds: list[dict], golds: list, parsed: dict) -> tuple[int, int]:
    """Matched event figures (incremental) whose labelled period names a day ('on 7 October', 'in the 1
    April strike'): is report_date that day?"""
    rules = load_rules()
    scoped = [p for p in preds if not dev.out_of_scope(p)]
    ok = n = 0
    for pi, gi in dev.match(scoped, golds):
        g = golds[gi].row
        if g["figure_kind"] != "incremental":
            continue
        published = parsed[g["id"]]["published_date"]
        days = [c for c in date_cues(rules, g["period"] or "", published) if c.rule == "date:day"]
        if days:
            n += 1
            ok += scoped[pi]["report_date"] == days[0].report
    return ok, n


WAR_START = dt.date(2023, 10, 8)


def stated_interval(row: dict) -> tuple[float, float]:
    """The counts a figure states: exact N within 1% (press rounding); 'more than / at least N' up to
    10% more; 'nearly / up to N' down to 10% less; 'about / some N' within 5%; vague amounts from N up."""
    n, hedge = row["count_best"], row["hedge"]
    if hedge in ("over", "at_least") or hedge.startswith("vague"):
        return n, 1.1 * n
    if hedge in ("nearly", "up_to"):
        return 0.9 * n, n
    if hedge == "about":
        return 0.95 * n, 1.05 * n
    if hedge == "range":
        return row["count_low"], row["count_high"]
    return 0.99 * n, 1.01 * n


def warehouse_figures(db: Path):
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        n_articles = con.execute("select count(*) from parsed_articles").fetchone()[0]
        rows = con.execute("select * from casualty_figures order by article_id, start_char").pl().to_dicts()
    return n_articles, rows


def is_moh_war_total(row: dict) -> bool:
    return (
        row["claimant_name"] == "Gaza Ministry of Health"
        and row["casualty_type"] == "killed"
        and row["figure_kind"] == "cumulative"
        and row["victim_group"] is None
        and row.get("scope", "full") == "full"
        and (row["period_start"] is None or row["period_start"] <= WAR_START)
    )


def evaluate_bbc(db: Path, ref_path: Path, show: int) -> None:
    """The Gaza Ministry of Health's war-to-date killed totals stored in a warehouse built from the BBC
    corpus (`python -m pipeline run --inbox …/bbc_gaza_2023_2024.jsonl --db DB`) against the series."""
    ref = {dt.date.fromisoformat(r["report_date"]): r["killed_cum"] for r in json.load(ref_path.open())
           if r.get("killed_cum")}

    def series_on(day: dt.date) -> int | None:  # days missing from the series carry the latest earlier value
        return next((ref[day - dt.timedelta(days=b)] for b in range(7) if day - dt.timedelta(days=b) in ref), None)

    t0 = time.time()
    n_articles, rows = warehouse_figures(db)
    checked = strict = hedged = 0
    misses = []
    for row in filter(is_moh_war_total, rows):
        checked += 1
        day = row["report_date"] or row["published_date"]
        near = [series_on(day - dt.timedelta(days=d)) for d in range(3)]
        hit = any(v and abs(row["count_best"] - v) <= 0.01 * v for v in near)
        window = [v for v in (series_on(day + dt.timedelta(days=d)) for d in range(-3, 2)) if v]
        low, high = stated_interval(row)
        meets = bool(window) and low <= max(window) and min(window) <= high
        strict += hit
        hedged += meets
        if not meets:
            misses.append(f"  MISS {row['article_id']} {day} {row['figure_text']!r} series={window} :: "
                          f"{row['sentence_text'][:160]}")
    print(f"BBC vs reference ({db}: {n_articles} articles, {len(rows)} figures, {time.time() - t0:.0f}s)")
    print(f"  MoH war-to-date killed within 1% of killed_cum (report_date or 2 days before): "
          f"{strict / max(checked, 1):.3f} ({strict}/{checked})")
    print(f"  hedge-aware (stated interval meets the series from 3 days before to the day after): "
          f"{hedged / max(checked, 1):.3f} ({hedged}/{checked})")
    print("\n".join(misses[:show]))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--wad", type=Path)
    p.add_argument("--dev", type=Path, help="the labelled dev set directory (bbc_figures)")
    p.add_argument("--corpus", type=Path, default=SHARED / "corpora/bbc_gaza_2023_2024.jsonl")
    p.add_argument("--bbc", type=Path, help="a warehouse (DuckDB file) the pipeline built from the BBC corpus")
    p.add_argument("--reference", type=Path, default=SHARED / "reference/casualties_daily.json")
    p.add_argument("--no-dev", action="store_true", help="skip the dev set")
    p.add_argument("--limit", type=int)
    p.add_argument("--show-misses", type=int, default=0)
    p.add_argument("--rules-only", action="store_true", help="extract without the dependency parse")
    args = p.parse_args()
    if not (args.wad or args.bbc or args.dev):
        args.wad = SHARED / "labelled/wad_dev.jsonl"
        args.bbc = Path("data/eval/bbc.duckdb")
    if args.dev is None and not args.no_dev and (SHARED / "labelled/bbc_figures").is_dir():
        args.dev = SHARED / "labelled/bbc_figures"
    print(f"model {settings.spacy_model()}")
    nlp = parser = None
    if args.wad or args.dev:
        nlp, parser = load_models(args.rules_only)
    if args.wad:
        evaluate_wad(args.wad, nlp, parser, args.limit, args.show_misses)
    if args.dev:
        evaluate_dev(args.dev, args.corpus, nlp, parser, args.show_misses)
    if args.bbc and args.bbc.exists():
        evaluate_bbc(args.bbc, args.reference, args.show_misses)


if __name__ == "__main__":
    main()
