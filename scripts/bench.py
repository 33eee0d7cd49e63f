"""Benchmark (not a test): the pipeline against bare spaCy on the same corpus, in one command, each measured the way
a user runs it (`python -m pipeline run`, a fresh process and Dagster home), and the lines of issue 10's table.

    python scripts/bench.py [--corpus BBC.jsonl] [--memory-corpus REUTERS.jsonl] [--limit N] [--skip-memory]

  1. machine: one CPU-bound process against two at once: the most that two worker processes can give here;
  2. bare spaCy: `nlp.pipe` over the corpus texts in one process, with the pipeline's own model and components
     (senter, ner, entity ruler), loaded both as the pipeline loads it and with spaCy's defaults; and, right after
     the pipeline's run, in as many processes as its NLP step used, each over its share of the texts;
  3. the whole pipeline on the corpus into a fresh warehouse (wall clock), and its NLP step (the reading itself,
     in `PIPELINE_WORKERS` processes) divided into bare spaCy's time (loaded as the pipeline loads it: the mean of
     a run before the pipeline's and one after, so that a shared host's drift between the two moments cancels);
  4. the same day with one article added to 100, one at a time (the median of three runs with the side process
     warm, as by default, and of three that start their own, taking turns), and re-runs with nothing new;
  5. peak memory of all the pipeline's processes (the side process included) on the memory corpus (Reuters), as resident
     memory summed (shared pages counted in every process) and as proportional memory summed (counted once); the
     timed runs above sample resident memory alone, which costs them little CPU (PeakMemory).
"""

import argparse
import contextlib
import importlib.metadata
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "data" / "corpora"
DAY_BEFORE, DAY = "2026-01-01", "2026-01-02"
ADDED_RUNS = 3  # one-article runs of each kind: this shared machine's noise makes a single run say little


def machine_parallelism() -> float:
    """Throughput of two CPU-bound processes at once relative to one (2.0 on two independent cores)."""
    burn = "import time; t = time.perf_counter(); sum(i * i for i in range(25_000_000)); print(time.perf_counter() - t)"

    def timed(n: int) -> float:
        procs = [subprocess.Popen([sys.executable, "-c", burn], stdout=subprocess.PIPE, text=True) for _ in range(n)]
        return max(float(p.communicate()[0]) for p in procs)

    one, two = timed(1), timed(2)
    return round(2 * one / two, 2)


def bare_spacy(corpus: Path, limit: int | None, tuned: bool = True, processes: int = 1) -> dict:
    """`tuned`: loaded as the pipeline loads it (pipeline/nlp/model.py: NumPy's BLAS, frozen GC, freed memory kept);
    else spaCy's defaults. With `processes` > 1, that many processes at once, each over every n-th text (the
    lengths even out), each timed from the moment all have loaded: spaCy's own gain from this machine's cores."""
    code = f"""
import json, sys, time
from pipeline import settings
from pipeline.nlp.model import load_nlp
nlp = load_nlp(settings.spacy_model(), tuned={tuned!r})
part = int(sys.argv[1])
texts = [json.loads(line).get("text") or "" for line in open({str(corpus)!r})][:{limit!r}][part::{processes}]
print("loaded", flush=True)
sys.stdin.readline()
started = time.perf_counter()
tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=64))
print(json.dumps({{"seconds": time.perf_counter() - started, "articles": len(texts), "tokens": tokens,
                  "components": nlp.pipe_names}}))
"""
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "OPENBLAS_NUM_THREADS": "1"}
    procs = [subprocess.Popen([sys.executable, "-c", code, str(part)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True, cwd=ROOT, env=env) for part in range(processes)]
    for proc in procs:  # every process has loaded the model and its texts
        if proc.stdout.readline().strip() != "loaded":
            raise SystemExit(f"bare spaCy failed to load (exit {proc.wait()})")
    for proc in procs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    runs = []
    for proc in procs:
        out = proc.communicate()[0]
        if proc.returncode != 0:
            raise SystemExit(f"bare spaCy failed (exit {proc.returncode})")
        runs.append(json.loads(out.strip().splitlines()[-1]))
    return {"seconds": max(r["seconds"] for r in runs), "articles": sum(r["articles"] for r in runs),
            "tokens": sum(r["tokens"] for r in runs), "components": runs[0]["components"]}


class PeakMemory:
    """Peak of the summed memory of a process and all its descendants, sampled every 0.2 s: resident memory (RSS)
    summed, which counts the pages forked workers share with their fork server (the model) once per process, and
    with `pss`, proportional memory (PSS) summed, which splits each shared page between the processes sharing it:
    what all the processes together hold.

    Sampling takes CPU from the machine it measures: PSS walks the page tables of every process (6 ms for a 200 MB
    process, more for the workers), and reading all of /proc to find the processes takes ~7 ms. So timed runs
    sample RSS alone, the tree comes from each process's `children` files (/proc is read once a second, for the
    side process), and `cpu_s` says what the sampling cost."""

    def __init__(self, pid: int, home: Path, pss: bool = False):
        self.pid, self.home, self.pss = pid, str(home.resolve()), pss
        self.peak_mb, self.peak_pss_mb, self.cpu_s = 0.0, 0.0, 0.0
        self._side: list[int] = []
        self._scanned = -1.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _side_processes(self) -> list[int]:
        """The side process serving the run's Dagster home, and its standby run process (which runs the command's
        run when one was waiting): they outlive runs, in sessions of their own."""
        if time.monotonic() - self._scanned >= 1.0:
            self._scanned = time.monotonic()
            found = []
            for entry in Path("/proc").iterdir():
                if entry.name.isdigit():
                    with contextlib.suppress(OSError):
                        command = (entry / "cmdline").read_bytes().split(b"\0")
                        if {b"pipeline.side_process", b"pipeline.standby"} & set(command) and \
                                self.home.encode() in command:
                            found.append(int(entry.name))
            self._side = found
        return self._side

    def _tree(self) -> list[int]:
        """The run's process, its descendants and the side process (a set: the side process is also the run's
        child until the run ends)."""
        todo, tree = [self.pid, *self._side_processes()], set()
        while todo:
            pid = todo.pop()
            if pid not in tree:
                tree.add(pid)
                for children in Path(f"/proc/{pid}/task").glob("*/children"):
                    with contextlib.suppress(OSError, ValueError):
                        todo += [int(child) for child in children.read_text().split()]
        return sorted(tree)

    def _sample(self) -> None:
        while not self._stop.is_set():
            started = time.thread_time()
            rss = pss = 0
            for pid in self._tree():
                with contextlib.suppress(OSError, ValueError):  # a process that ended meanwhile
                    rss += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
                    if self.pss:
                        pss += 1024 * sum(int(line.split()[1]) for line in
                                          Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
                                          if line.startswith("Pss:"))
            self.peak_mb = max(self.peak_mb, rss / 2**20)
            self.peak_pss_mb = max(self.peak_pss_mb, pss / 2**20)
            self.cpu_s += time.thread_time() - started
            time.sleep(0.2)

    def stop(self) -> tuple[int, int]:
        self._stop.set()
        self._thread.join()
        return round(self.peak_mb), round(self.peak_pss_mb)


def pipeline_run(workdir: Path, inbox: Path, day: str, pss: bool = False, **settings: str) -> dict:
    """`python -m pipeline run` as a user runs it (with the default settings, unless `settings` gives PIPELINE_*
    variables); wall seconds, peak MB of its processes, its summary. The side process that serves the run's Dagster
    home outlives it (PIPELINE_SIDE_PROCESS_IDLE): the next run on the same home finds it warm."""
    home = workdir / "dagster_home"
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("PIPELINE_")}, "PYTHONWARNINGS": "ignore",
           "PIPELINE_DATA_DIR": str(workdir), "DAGSTER_HOME": str(home), "PIPELINE_PARTITION_START": DAY_BEFORE,
           **settings}
    home.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", "--inbox", str(inbox), "--day", day],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = PeakMemory(proc.pid, home, pss)
    out, err = proc.communicate()
    seconds, (peak, peak_pss) = time.perf_counter() - started, memory.stop()
    if proc.returncode != 0:
        raise SystemExit(f"pipeline run failed:\n{err[-3000:]}")
    return {"seconds": seconds, "peak_mb": peak, "peak_pss_mb": peak_pss, "sampling_s": memory.cpu_s, "stdout": out,
            "stderr": err, "env": env}


def nlp_step(workdir: Path, env: dict) -> tuple[float, int]:
    """The NLP step's own seconds and processes, from the latest materialization of `mentions`."""
    code = """
import json, dagster as dg
with dg.DagsterInstance.get() as instance:
    event = instance.get_latest_materialization_event(dg.AssetKey("mentions"))
    metadata = event.asset_materialization.metadata
    print(json.dumps([metadata["nlp_seconds"].value, metadata["nlp_processes"].value]))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    seconds, processes = json.loads(out.stdout.strip().splitlines()[-1])
    return seconds, processes


def first_lines(corpus: Path, n: int | None, to: Path) -> Path:
    with corpus.open() as src, to.open("w") as dst:
        for i, line in enumerate(src):
            if n is not None and i >= n:
                break
            dst.write(line)
    return to


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPORA / "bbc_gaza_2023_2024.jsonl")
    parser.add_argument("--memory-corpus", type=Path, default=CORPORA / "reuters21578.jsonl")
    parser.add_argument("--limit", type=int, help="only the first N records of the corpus")
    parser.add_argument("--skip-memory", action="store_true", help="skip the memory run on the memory corpus")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        parallel = machine_parallelism()
        print(f"machine: {os.cpu_count()} cores; two CPU-bound processes give {parallel}x one; "
              f"spaCy {importlib.metadata.version('spacy')}", flush=True)
        corpus = first_lines(args.corpus, args.limit, work / "corpus.jsonl")
        (work / "full").mkdir()
        (work / "full" / "inbox").mkdir()
        os.link(corpus, work / "full" / "inbox" / "corpus.jsonl")
        stock = bare_spacy(corpus, args.limit, tuned=False)
        bare = bare_spacy(corpus, args.limit)
        for name, run in (("spaCy's defaults", stock), ("loaded as the pipeline loads it", bare)):
            print(f"bare spaCy ({'+'.join(run['components'])}, 1 process, {name}): {run['seconds']:.1f} s for "
                  f"{run['articles']} articles ({run['tokens']} tokens)", flush=True)
        full = pipeline_run(work / "full", work / "full" / "inbox", DAY)
        nlp_seconds, processes = nlp_step(work / "full", full["env"])
        # bare spaCy in as many processes as the step, right after it: the most spaCy itself gets from the cores
        together = bare_spacy(corpus, args.limit, processes=processes) if processes > 1 else None
        if together:
            print(f"bare spaCy in {processes} processes at once: {together['seconds']:.1f} s", flush=True)
        # bare spaCy again after the pipeline's run: on a shared host the two moments differ; their mean brackets it
        after = bare_spacy(corpus, args.limit)
        print(f"bare spaCy again, after the pipeline's run: {after['seconds']:.1f} s", flush=True)
        bracket = (bare["seconds"] + after["seconds"]) / 2
        rows.append(("NLP step / bare single-process spaCy, same components", f"{bracket / nlp_seconds:.2f}",
                     f"NLP step {nlp_seconds:.1f} s in {processes} processes, bare spaCy {bare['seconds']:.1f} s "
                     f"before the pipeline's run and {after['seconds']:.1f} s after (their mean; loaded as the "
                     f"pipeline loads it)"))
        if together:
            gain = bracket / together["seconds"]
            rows.append((f"bare spaCy in {processes} processes at once / in one", f"{gain:.2f}",
                         f"{together['seconds']:.1f} s, the texts dealt out to the processes in turn: what spaCy "
                         "itself gains from the cores here, the line above's ceiling"))
            rows.append((f"NLP step / bare spaCy in {processes} processes", f"{together['seconds'] / nlp_seconds:.2f}",
                         "1.00: the step costs no more than spaCy's own reading in as many processes"))
        rows.append(("NLP step / bare spaCy with spaCy's defaults", f"{stock['seconds'] / nlp_seconds:.2f}",
                     f"bare spaCy {stock['seconds']:.1f} s (bundled BLIS, GC not frozen)"))
        rows.append(("whole pipeline on the corpus, fresh warehouse, wall clock", f"{full['seconds']:.1f} s",
                     f"{bare['articles']} records, peak {full['peak_mb']} MB RSS (sampled with "
                     f"{full['sampling_s']:.1f} s of CPU)"))
        print(f"whole pipeline: {full['seconds']:.1f} s", flush=True)

        small = work / "small"
        (small / "inbox").mkdir(parents=True)
        first_lines(args.corpus, 100, small / "inbox" / "first-100.jsonl")
        first = pipeline_run(small, small / "inbox", DAY_BEFORE)
        with args.corpus.open() as src:
            extra = [line for i, line in enumerate(src) if 100 <= i < 100 + 2 * ADDED_RUNS]
        warm, cold = [], []
        for n, line in enumerate(extra):  # one article per run; warm and cold runs take turns (same moment)
            (small / "inbox" / f"one-more-{n}.jsonl").write_text(line)
            idle = {} if n % 2 == 0 else {"PIPELINE_SIDE_PROCESS_IDLE": "0"}
            (cold if idle else warm).append(pipeline_run(small, small / "inbox", DAY_BEFORE, **idle)["seconds"])
        rows.append(("same day, one article added to 100", f"{statistics.median(warm):.1f} s",
                     f"median of {ADDED_RUNS} runs ({', '.join(f'{t:.1f}' for t in warm)} s), side process warm "
                     f"(the default); first run of the 100: {first['seconds']:.1f} s"))
        rows.append(("the same, side process started by the run", f"{statistics.median(cold):.1f} s",
                     f"median of {ADDED_RUNS} ({', '.join(f'{t:.1f}' for t in cold)} s), PIPELINE_SIDE_PROCESS_IDLE=0: "
                     "GX imported and its checkpoints made during the run"))
        same = pipeline_run(small, small / "inbox", DAY_BEFORE)
        following = pipeline_run(small, small / "inbox", DAY)
        rows.append(("re-run with nothing new (same day / next day)",
                     f"{same['seconds']:.1f} s / {following['seconds']:.1f} s", "no Dagster run started"))
        if not args.skip_memory and args.memory_corpus.exists():
            (work / "memory" / "inbox").mkdir(parents=True)
            os.link(args.memory_corpus, work / "memory" / "inbox" / args.memory_corpus.name)
            memory = pipeline_run(work / "memory", work / "memory" / "inbox", DAY, pss=True)
            records = sum(1 for _ in args.memory_corpus.open())
            rows.append(("peak memory, all processes, memory corpus (RSS summed)", f"{memory['peak_mb']} MB",
                         f"{records} records in {memory['seconds']:.0f} s (RSS and PSS sampled with "
                         f"{memory['sampling_s']:.0f} s of CPU)"))
            rows.append(("peak memory, all processes, memory corpus (PSS summed)", f"{memory['peak_pss_mb']} MB",
                         "shared pages (the model in the fork server and its workers) counted once"))
    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure':<{width}}  {'result':>14}  notes")
    for measure, result, notes in rows:
        print(f"{measure:<{width}}  {result:>14}  {notes}")
    print(f"(worker processes per run: {processes}; machine parallelism measured above: {parallel}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
