"""Worker processes for the CPU-bound steps (spaCy), fed in batches with a bounded number in flight.

Our own pool rather than spaCy's `n_process`: that forks the Dagster run process itself, threads and all, and is
known to hang there (spaCy #8653, #8798, #13345). Workers come from a fork server instead: a fresh,
single-threaded process that imports spaCy and loads the configured model once (pipeline/worker_preload.py), so
each worker forked from it starts with the model in memory instead of spending seconds importing and loading
it. Workers live until the run ends (the NLP and casualty steps of a run share them). If the run's process dies
(even by SIGKILL) the fork server and the workers die with it (Linux's parent-death signal): nothing is left
running. Results come back in submission order, so writes stay deterministic.
"""

import ctypes
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor


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

    def imap(self, fn: Callable, tasks: Iterable, in_process: bool = False) -> Iterator[tuple]:
        """(task, fn(task)) for every task, in order. `in_process` (or a pool of one) runs them here: for a
        handful of tasks, starting workers costs more than it saves."""
        if in_process or self.processes == 1:
            yield from ((task, fn(task)) for task in tasks)
            return
        if self._executor is None:
            for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
                os.environ.setdefault(variable, "1")  # one thread per worker: the workers are the parallelism
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["pipeline.worker_preload"])
            self._executor = ProcessPoolExecutor(self.processes, mp_context=context, initializer=die_with_parent)
        window: deque[tuple[object, Future]] = deque()
        for task in tasks:
            window.append((task, self._executor.submit(fn, task)))
            if len(window) >= 2 * self.processes:  # bounded: memory stays flat however many tasks
                done, future = window.popleft()
                yield done, future.result()
        while window:
            done, future = window.popleft()
            yield done, future.result()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
