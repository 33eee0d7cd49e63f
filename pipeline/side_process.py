"""A second process for the run's heavy-import work (GX validations, the chart, the gazetteer), started as soon as
a run knows it has work.

Great Expectations costs seconds in every process before its first validation (its import ~6 s here, then the
file context and a checkpoint per suite); matplotlib and the gazetteer about one more each. Started at the
beginning of a run (`start`: the CLI once it has found new work, the warehouse resource when a run's resources
are set up), the side process pays that on another core while the run starts Dagster, ingests and parses; the
run's validations, its chart and the entities' coordinates then find everything loaded and cost only
themselves. The run's own process never imports GX or matplotlib.

One side process per run process, serving any GX project (a test session's many warehouses included); calls take
turns. It exits when the run's process closes the pipe, and is killed with it (parent-death signal). Protocol:
pickled ("module:function", args) in on stdin, pickled (ok, result | traceback) out on its own pipe.
"""

import atexit
import importlib
import os
import pickle
import subprocess
import sys
import threading
import traceback


class SideProcessError(RuntimeError):
    pass


class SideProcess:
    def __init__(self, docs_dir: str | None):
        self._proc = subprocess.Popen([sys.executable, "-m", "pipeline.side_process", *filter(None, [docs_dir])],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self._lock = threading.Lock()

    def call(self, target: str, *args):
        with self._lock:
            try:
                pickle.dump((target, args), self._proc.stdin)
                self._proc.stdin.flush()
                ok, value = pickle.load(self._proc.stdout)
            except (BrokenPipeError, EOFError):
                raise SideProcessError(f"the side process ended (exit code {self._proc.poll()}) during {target}; "
                                       "its error is above") from None
        if not ok:
            raise SideProcessError(f"{target} failed in the side process:\n{value}")
        return value

    def alive(self) -> bool:
        return self._proc.poll() is None

    def close(self) -> None:
        if self._proc.stdin and not self._proc.stdin.closed:
            self._proc.stdin.close()  # no more calls: it exits
        try:
            self._proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._proc.kill()


_process: SideProcess | None = None
_starting = threading.Lock()


def start(docs_dir: str | None = None) -> SideProcess:
    """This process's side process, started (and warming up: GX with `docs_dir`'s context and checkpoints, and
    matplotlib) unless it runs already."""
    global _process
    with _starting:
        if _process is None or not _process.alive():
            _process = SideProcess(docs_dir)
            atexit.register(_process.close)
        return _process


def call(target: str, *args):
    """`module:function`(*args) in the side process (started now if the run did not start it)."""
    return start().call(target, *args)


def _resolve(target: str):
    module, function = target.split(":")
    return getattr(importlib.import_module(module), function)


def _warm_up(docs_dir: str | None) -> None:
    try:
        if docs_dir:
            _resolve("pipeline.quality.gx_suites:prepare")(docs_dir)
        importlib.import_module("pipeline.reports.charts")
        _resolve("pipeline.nlp.gazetteer:lookup_place")("Gaza")  # loads the gazetteer (entities' coordinates)
    except Exception:  # the call that needs it reports it
        traceback.print_exc()


def _serve(docs_dir: str | None) -> None:
    """The side process: warm up, then run each call until the run's process closes the pipe."""
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever a library prints goes to stderr, never into the replies
    from pipeline.parallel import die_with_parent, release_freed_memory

    die_with_parent()
    _warm_up(docs_dir)
    requests = sys.stdin.buffer
    while True:
        try:
            target, args = pickle.load(requests)
        except EOFError:
            return
        try:
            reply = (True, _resolve(target)(*args))
        except Exception:
            reply = (False, traceback.format_exc())
        pickle.dump(reply, replies)
        replies.flush()
        del reply, args
        release_freed_memory()  # a validated frame's memory goes back to the system between calls


if __name__ == "__main__":
    _serve(sys.argv[1] if len(sys.argv) > 1 else None)
