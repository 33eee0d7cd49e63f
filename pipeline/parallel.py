"""Worker processes for the CPU-bound steps (parsing, spaCy, the casualty rules), fed in batches with a bounded
number in flight; a step with few items works in the side process instead, which keeps the parser's libraries and
spaCy's pipelines loaded between runs (a worker would first wait for them).

Our own pool rather than spaCy's `n_process`: that forks the Dagster run process itself, threads and all, and is
known to hang there (spaCy #8653, #8798, #13345). Workers come from a fork server instead: a fresh,
single-threaded process that imports spaCy and loads the configured model once (pipeline/worker_preload.py), so
each worker forked from it starts with the model in memory instead of spending seconds importing and loading
it. The pool is warmed once the run's ingestion finds many articles ahead (`warm`), so the model loads while the
run validates and parses. Workers live for one step and are forked again for the next; the fork server stays
for the run. If the run's process dies (even by SIGKILL) the fork server and the workers die with it (Linux's
parent-death signal): nothing is left running. Results come back in submission order, so writes stay
deterministic.
"""

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from pipeline.allocator import release_if_grown, resident_mb


def die_with_parent() -> None:
    """Have the kernel kill this process when its parent dies (PR_SET_PDEATHSIG); Linux only, else nothing."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


class WorkerPool:
    def __init__(self, processes: int):
        self.processes = max(1, processes)
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._used = False  # by the current step: only then does the step's end close the workers

    def warm(self) -> None:
        """Start the fork server and a first worker now, in the background: the model loads on another core while
        the run validates and parses. A pool of one runs everything in the caller and needs nothing."""
        if self.processes > 1:
            _start_fork_server()
            threading.Thread(target=self._executor_with_a_worker, daemon=True).start()

    def _executor_with_a_worker(self) -> ProcessPoolExecutor:
        with self._lock:  # the first worker's start waits for the fork server's preload: one thread waits for it
            if self._executor is None:
                _start_fork_server()
                context = multiprocessing.get_context("forkserver")
                self._executor = ProcessPoolExecutor(self.processes, mp_context=context, initializer=die_with_parent)
                self._executor.submit(os.getpid)  # forks the first worker once the fork server has loaded the model
            return self._executor

    def imap(self, fn: Callable, tasks: Iterable, few: bool = False) -> Iterator[tuple]:
        """(task, fn(task)) for every task, in order: here with a pool of one; in the side process when the step
        has `few` items; else in the workers."""
        if self.processes == 1:
            yield from ((task, fn(task)) for task in tasks)
            return
        if few:
            from pipeline import side_process

            target = f"{fn.__module__}:{fn.__name__}"
            yield from ((task, side_process.call(target, task)) for task in tasks)
            return
        executor = self._executor_with_a_worker()
        self._used = True
        window: deque[tuple[object, Future]] = deque()
        for task in tasks:
            window.append((task, executor.submit(_run_and_trim, fn, task)))
            if len(window) >= 2 * self.processes:  # bounded: memory stays flat however many tasks
                done, future = window.popleft()
                yield done, future.result()
        while window:
            done, future = window.popleft()
            yield done, future.result()

    def end_step(self) -> None:
        """The workers go with their step: what it left in their memory is not held while the run validates and
        writes; the next step forks fresh ones from the fork server (milliseconds). A step that used no worker
        (few items, in the side process) leaves the first one starting, without waiting for it."""
        if self._used:
            self._used = False
            self.close()

    def close(self) -> None:
        with self._lock:
            if self._executor is not None:
                self._executor.shutdown(wait=True, cancel_futures=True)
                self._executor = None


def _start_fork_server() -> None:
    """The fork server, started from the calling thread without waiting for its preload. It dies with the thread
    that started it (the parent-death signal follows the thread), so `warm` starts it from the run's thread, not
    from the background thread that waits for the first worker."""
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")  # one thread per worker: the workers are the parallelism
    multiprocessing.get_context("forkserver").set_forkserver_preload(["pipeline.worker_preload"])
    from multiprocessing import forkserver

    forkserver.ensure_running()


# What a task holds above the worker's start grows with its articles' length: 48 articles read in spaCy batches of 32,
# ~100 MB at 3,300 characters each, ~300 MB at 9,800; BBC tasks up to ~320 MB, Reuters ones 90-140 MB. Below what a
# task holds, the worker gives it back after every task and faults it in again (BBC: ~27k page faults a task, ~8% of
# the workers' CPU), so the bound sits above the BBC corpus's tasks.
WORKER_HEAP_ALLOWANCE_MB = 384
_started_mb: float | None = None  # the worker's resident memory before its first task


def _run_and_trim(fn: Callable, task):
    """fn(task) in a worker. The worker keeps freed memory for its next task (pipeline/allocator.py: giving it back
    after every task made each task fault it in again, ~15% of its CPU) until it holds more than it started with
    plus an allowance: then it goes back to the system, so the workers' resident memory stays bounded."""
    global _started_mb
    if _started_mb is None:
        _started_mb = resident_mb()
    try:
        return fn(task)
    finally:
        release_if_grown(_started_mb + WORKER_HEAP_ALLOWANCE_MB)
