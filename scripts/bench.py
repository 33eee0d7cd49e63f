"""Benchmark: the pipeline against bare spaCy on the same corpus, in one command.

    python scripts/bench.py [--corpus PATH.jsonl] [--limit N]

Three measured phases, each in its own process so peak memory is its own:
  1. bare spaCy: `nlp.pipe` over the corpus texts with the same model and components as the pipeline
     (senter, ner and the entity ruler);
  2. the pipeline: a real Dagster run of ingestion -> parsed_articles -> sentences + mentions -> entities
     (with their GX checks) into a fresh DuckDB file;
  3. the pipeline again over the same inbox on the next day: nothing new arrived, so it should take seconds.
Prints articles/s, tokens/s and peak memory for each and the pipeline/bare throughput ratio. Not a test.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "corpora" / "bbc_gaza_2023_2024.jsonl"
LANGUAGE_ASSETS = ["raw_articles", "parsed_articles", "rejected_articles", "sentences", "mentions", "entities"]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def iter_texts(corpus: Path, limit: int | None):
    with corpus.open() as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                return
            yield json.loads(line).get("text") or ""


def phase_bare(args) -> dict:
    from pipeline.nlp.model import load_nlp

    nlp = load_nlp()  # the same model and components as the pipeline, entity rules included
    started = time.perf_counter()
    n_docs = n_tokens = 0
    for doc in nlp.pipe(iter_texts(args.corpus, args.limit), batch_size=64):
        n_docs += 1
        n_tokens += len(doc)
    return {"seconds": time.perf_counter() - started, "articles": n_docs, "tokens": n_tokens,
            "components": nlp.pipe_names}


def phase_pipeline(args) -> dict:
    import dagster as dg

    from pipeline.definitions import build_definitions
    from pipeline.resources import InboxResource, ReferenceSeriesResource, SpacyResource, WarehouseResource

    inbox = args.corpus
    if args.limit is not None:  # the pipeline reads files: give it the same first N records
        inbox = Path(args.workdir) / f"corpus-first-{args.limit}.jsonl"
        if not inbox.exists():
            with args.corpus.open() as src, inbox.open("w") as dst:
                for n, line in enumerate(src):
                    if n >= args.limit:
                        break
                    dst.write(line)
    defs = build_definitions({
        "warehouse": WarehouseResource(path=str(Path(args.workdir) / "bench.duckdb")),
        "inbox": InboxResource(paths=[str(inbox)]),
        "nlp": SpacyResource(),
        "reference": ReferenceSeriesResource(),
    })
    job = defs.resolve_implicit_global_asset_job_def()
    started = time.perf_counter()
    result = job.execute_in_process(instance=dg.DagsterInstance.ephemeral(), partition_key=args.day,
                                    asset_selection=[dg.AssetKey(k) for k in LANGUAGE_ASSETS])
    seconds = time.perf_counter() - started
    import duckdb

    with duckdb.connect(str(Path(args.workdir) / "bench.duckdb"), read_only=True) as con:
        articles = con.execute("select count(*) from parsed_articles where ingest_date = ?", [args.day]).fetchone()[0]
        mentions = con.execute("select count(*) from mentions where ingest_date = ?", [args.day]).fetchone()[0]
    return {"seconds": seconds, "articles": articles, "mentions": mentions, "success": result.success}


def run_phase(name: str, args, day: str) -> dict:
    command = [sys.executable, __file__, "--phase", name, "--corpus", str(args.corpus), "--workdir", args.workdir,
               "--day", day] + (["--limit", str(args.limit)] if args.limit is not None else [])
    out = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONWARNINGS": "ignore"})
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, help="only the first N records")
    parser.add_argument("--phase", choices=["bare", "pipeline"], help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    parser.add_argument("--day", default="2026-01-01", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        result = (phase_bare if args.phase == "bare" else phase_pipeline)(args)
        print(json.dumps({**result, "peak_mb": round(peak_mb())}))
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-") as workdir:
        args.workdir = workdir
        print(f"corpus: {args.corpus}" + (f" (first {args.limit})" if args.limit else ""))
        bare = run_phase("bare", args, "2026-01-01")
        first = run_phase("pipeline", args, "2026-01-01")
        second = run_phase("pipeline", args, "2026-01-02")
    tokens = bare["tokens"]
    rows = [("bare spaCy " + "+".join(bare["components"]), bare), ("pipeline (first run)", first),
            ("pipeline (second run, nothing new)", second)]
    print(f"{'':38} {'seconds':>8} {'articles/s':>11} {'tokens/s':>9} {'peak MB':>8}")
    for label, r in rows[:2]:
        print(f"{label:38} {r['seconds']:8.1f} {bare['articles'] / r['seconds']:11.1f} "
              f"{tokens / r['seconds']:9.0f} {r['peak_mb']:8}")
    print(f"{rows[2][0]:38} {second['seconds']:8.1f} {'':>11} {'':>9} {second['peak_mb']:8}")
    print(f"articles: {bare['articles']} read, {first['articles']} parsed; tokens: {tokens}; "
          f"mentions: {first['mentions']}")
    print(f"throughput ratio pipeline / bare spaCy: {bare['seconds'] / first['seconds']:.2f}")
    return 0 if first["success"] and second["success"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
