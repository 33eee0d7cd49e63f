"""Benchmark (not a test): the corpus into a DuckLake with a PostgreSQL catalog with 1, 2 and 4 concurrent shard runs,
next to one run into a DuckDB file; each run with one worker process, so the concurrency comes from the runs.

    python scripts/bench_scale.py [--corpus BBC.jsonl] [--limit N] [--shards 1 2 4]

Each configuration is `python -m pipeline run` into a fresh warehouse, as a user runs it: with N shards it ingests
the day, starts the N shard runs at once (one process each) and then the report stage. A throwaway PostgreSQL
cluster (tests/pg.py: Debian's postgresql) holds the lake's catalog; the lake's files go to a local folder.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from pg import throwaway_postgres, why_unavailable  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from bench import first_lines  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "corpora" / "bbc_gaza_2023_2024.jsonl"


def run(work: Path, inbox: Path, warehouse: str, shards: int, lake_data: Path | None = None) -> float:
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("PIPELINE_")}, "PYTHONWARNINGS": "ignore",
           "PIPELINE_DATA_DIR": str(work), "DAGSTER_HOME": str(work / "dagster_home"),
           "PIPELINE_SHARDS": str(shards), "PIPELINE_WORKERS": str(shards)}  # the CLI gives each shard run 1
    command = [sys.executable, "-m", "pipeline", "run", "--inbox", str(inbox), "--warehouse", warehouse]
    if lake_data:
        command += ["--lake-data", str(lake_data)]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"run failed ({warehouse}, {shards} shards):\n{done.stderr[-3000:]}")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--shards", type=int, nargs="+", default=[1, 2, 4])
    args = parser.parse_args()
    if reason := why_unavailable():
        raise SystemExit(f"cannot run: {reason}")
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        work = Path(tmp)
        inbox = work / "inbox"
        inbox.mkdir()
        n = sum(1 for _ in first_lines(args.corpus, args.limit, inbox / "corpus.jsonl").open())
        print(f"corpus: {args.corpus.name}, {n} records; {os.cpu_count()} cores; one worker process per run")
        results = [("DuckDB file, 1 run", 1, run(work / "file", inbox, str(work / "file" / "warehouse.duckdb"), 1))]
        print(f"  {results[-1][0]}: {results[-1][2]:.1f} s", flush=True)
        for shards in args.shards:
            with throwaway_postgres("lake") as dsn:
                catalog = f"ducklake:postgres:dbname=lake {dsn}"
                label = f"DuckLake (PostgreSQL), {shards} concurrent run{'s' * (shards > 1)}"
                results.append((label, shards, run(work / f"lake{shards}", inbox, catalog, shards,
                                                    work / f"lake{shards}" / "files")))
                print(f"  {label}: {results[-1][2]:.1f} s", flush=True)
    base = next(seconds for label, shards, seconds in results if label.startswith("DuckLake") and shards == 1)
    file_seconds = results[0][2]
    print(f"\n{'warehouse and runs':<42} {'seconds':>8} {'articles/s':>11} {'vs 1 lake run':>14}")
    for label, _, seconds in results:
        print(f"{label:<42} {seconds:8.1f} {n / seconds:11.2f} {base / seconds:13.2f}x")
    print(f"lake cost at 1 run against the file: {100 * (base - file_seconds) / file_seconds:+.0f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
