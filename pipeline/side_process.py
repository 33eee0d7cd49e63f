"""A second process for the run's heavy-import work (GX validations, the chart, the gazetteer, parsing a few
records, reading a few articles), warm before the run needs it and, by default, kept warm between runs.

Great Expectations costs seconds in every process before its first validation (its import ~6 s here, then the
file context and a checkpoint per suite); matplotlib and the gazetteer about one more each. The side process pays
that once: a run connects to it as soon as it knows it has work (`start`: the CLI once it has found new work, the
warehouse resource when a run's resources are set up), and its validations, its chart, the entities'
coordinates and the parsing of a few new records (trafilatura, dateparser, the language identifier) find
everything loaded and cost only themselves; so do the reading and the casualty rules of a few articles, once a
run has had it load spaCy (pipeline/worker_tasks.py:warm_up_soon). The run's own process never imports GX or
matplotlib.

Lifetime (`PIPELINE_SIDE_PROCESS_IDLE`, seconds, default 600): the side process serves every run of this code on
this Dagster home, and exits once no run has used it for that long, when its Dagster home is removed, or when a
side process of newer code starts for the same home, or once its resident memory passes
`PIPELINE_SIDE_PROCESS_MAX_MB` (default 1500; it finishes its runs' calls first). With 0 each run process
has a private one that ends with the run (and is killed with it: parent-death signal). Code is identified by the
project's files (their sizes and times) and the installed packages, so an edited rule, suite or module never
meets a process that loaded the old one.

Protocol: a Unix socket in a per-user folder (mode 0700); pickled ("module:function", args) in, pickled
(ok, result | traceback) out, in order. Calls from all runs take turns (GX's file context is not thread-safe).
"""

import atexit
import contextlib
import fcntl
import hashlib
import importlib
import os
import pickle
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

from pipeline import settings
from pipeline.allocator import release_freed_memory, resident_mb

CONNECT_TIMEOUT_S = 60.0


class SideProcessError(RuntimeError):
    pass


class SideProcess:
    """This process's connection to a side process; opened in the background (spawning the side process if none
    serves this code and home), so `start` never waits."""

    def __init__(self):
        self._lock = threading.Lock()
        self._stream = None
        self._pending = 0  # warm-up requests whose replies have not been read yet
        self._warmed: set[tuple] = set()
        self.broken = False
        self._path = _socket_path()
        if settings.side_process_idle_s() == 0:
            _spawn(self._path)  # from this thread: the parent-death signal follows the thread that spawns
        self._opening = threading.Thread(target=self._open, daemon=True)
        self._opening.start()

    def _open(self) -> None:
        self._stream, self._pending = None, 0
        with contextlib.suppress(OSError):
            self._stream = _connect_or_spawn(self._path)

    def warm(self, target: str, *args) -> None:
        """Have `target(*args)` run now, once per connection, without waiting for it (or the connection): the GX
        context and checkpoints of a project, spaCy's pipelines for a run with few articles to read."""
        if (target, args) not in self._warmed:
            self._warmed.add((target, args))
            threading.Thread(target=self._send_warm_up, args=(target, args), daemon=True).start()

    def _send_warm_up(self, target: str, args: tuple) -> None:
        with self._lock:
            self._opening.join()
            with contextlib.suppress(OSError, AttributeError):  # the next call reports a side process that failed
                self._send(target, args)
                self._pending += 1

    def call(self, target: str, *args):
        with self._lock:
            self._opening.join()
            try:
                ok, value = self._request(target, args)
            except (OSError, EOFError, AttributeError):
                if settings.side_process_idle_s() == 0:
                    self.broken = True  # the next start() spawns another
                    raise SideProcessError(f"the side process failed or ended during {target}; its error is above"
                                           ) from None
                self._path = _socket_path()
                self._open()  # it exited between runs (idle, newer code): once more, with a new one
                try:
                    ok, value = self._request(target, args)
                except (OSError, EOFError, AttributeError):
                    raise SideProcessError(f"the side process ended during {target}; its error is in "
                                           f"{_log_path()}") from None
        if not ok:
            raise SideProcessError(f"{target} failed in the side process:\n{value}")
        return value

    def _send(self, target: str, args: tuple) -> None:
        pickle.dump((target, args), self._stream)
        self._stream.flush()

    def _request(self, target: str, args: tuple):
        self._send(target, args)
        while self._pending:  # a failed warm-up is made again, and reported, by the call that needs it
            self._pending -= 1
            pickle.load(self._stream)
        return pickle.load(self._stream)

    def close(self) -> None:
        self._opening.join()
        if self._stream is not None:
            with contextlib.suppress(OSError):
                self._stream.close()  # a private side process exits when its run closes the connection
            self._stream = None
        if settings.side_process_idle_s() == 0:
            with contextlib.suppress(OSError):
                self._path.unlink()  # its parent-death signal may kill it before it removes its socket


_process: SideProcess | None = None
_starting = threading.Lock()


def start(docs_dir: str | None = None) -> SideProcess:
    """This process's side process, warming up (and for `docs_dir`, its GX context and checkpoints) meanwhile."""
    global _process
    with _starting:
        if _process is None or _process.broken:
            _process = SideProcess()
            atexit.register(_process.close)
    if docs_dir:
        _process.warm("pipeline.quality.gx_suites:prepare", str(docs_dir))
    return _process


def call(target: str, *args):
    """`module:function`(*args) in the side process (started now if the run did not start it)."""
    return start().call(target, *args)


# --- where the side process is, and which code it runs ---------------------------------------------------------

def folder() -> Path:
    folder = Path(tempfile.gettempdir()) / f"casualty-pipeline-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    if folder.stat().st_uid != os.getuid() or folder.stat().st_mode & 0o077:
        raise OSError(f"{folder} must belong to this user alone (mode 0700)")
    return folder


def code_version(roots: tuple[Path, ...] = (settings.PROJECT_ROOT / "pipeline", settings.EXPECTATIONS_DIR)) -> str:
    """The project's code, rules and suites (each file's path, size and modification time) and the installed
    packages (the interpreter and its site-packages folder, which changes when a package is added or removed)."""
    digest = hashlib.sha256(sys.executable.encode())
    for folder in sys.path:
        if folder.endswith("site-packages"):
            with contextlib.suppress(OSError):
                digest.update(f"{folder} {os.stat(folder).st_mtime_ns}".encode())
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in (".py", ".json", ".sql") and "__pycache__" not in path.parts:
                stat = path.stat()
                digest.update(f"{path} {stat.st_size} {stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def home_key() -> str:
    return hashlib.sha256(os.path.realpath(settings.dagster_home()).encode()).hexdigest()[:12]


def _socket_path() -> Path:
    """Shared: one per Dagster home and code version. Private (idle 0): one per run process."""
    if settings.side_process_idle_s() == 0:
        return folder() / f"run-{os.getpid()}-{os.urandom(4).hex()}.sock"
    return folder() / f"{home_key()}-{code_version()}.sock"


def _log_path() -> Path:
    return settings.dagster_home() / "side_process.log"


def connect(path: Path) -> socket.socket:
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(str(path))
    except OSError:
        conn.close()
        raise
    return conn


def _connect(path: Path):
    return connect(path).makefile("rwb")


def listen(path: Path, backlog: int) -> socket.socket | None:
    """The listening socket of a helper process (a side process, a standby) at `path`, or None when another one
    already serves it (two started at once: the second one goes). A lock file makes the check and the bind one
    step for all processes."""
    with open(folder() / "spawn.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with contextlib.suppress(OSError):
            connect(path).close()
            return None
        with contextlib.suppress(FileNotFoundError):
            path.unlink()  # left by a helper that was killed
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(str(path))
        listener.listen(backlog)
        return listener


def _connect_or_spawn(path: Path):
    """A connection to the side process at `path`, spawning a shared one if none serves there."""
    with contextlib.suppress(OSError):
        return _connect(path)
    if settings.side_process_idle_s() != 0:
        _retire_others(path)
        _spawn(path)
    deadline = time.monotonic() + CONNECT_TIMEOUT_S
    while True:
        try:
            return _connect(path)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _spawn(path: Path) -> None:
    command = [sys.executable, "-m", "pipeline.side_process", str(path), str(settings.side_process_idle_s()),
               os.path.realpath(settings.dagster_home())]
    if settings.side_process_idle_s() == 0:  # private: its errors show in the run's output, and it dies with the run
        _remove_orphan_sockets(path.parent)
        subprocess.Popen([*command, str(os.getpid())], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        return
    _log_path().parent.mkdir(parents=True, exist_ok=True)
    with open(_log_path(), "ab") as log:  # shared: it outlives the run, in its own session, and logs to the home
        subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)


def _remove_orphan_sockets(folder: Path) -> None:
    """Sockets of private side processes whose run was killed (`run-<pid>-…`): nobody removed them."""
    from pipeline.warehouse.locks import process_alive

    for path in folder.glob("run-*.sock"):
        with contextlib.suppress(ValueError, OSError):
            if not process_alive(int(path.name.split("-")[1])):
                path.unlink()


def _retire_others(path: Path) -> None:
    """Side processes of older code for the same Dagster home exit once their runs are done with them."""
    for other in path.parent.glob(f"{home_key()}-*.sock"):
        if other != path:
            with contextlib.suppress(OSError, EOFError, pickle.PickleError):
                stream = _connect(other)
                pickle.dump(("pipeline.side_process:_retire", ()), stream)
                stream.flush()
                pickle.load(stream)
                stream.close()


# --- the side process itself -------------------------------------------------------------------------------------

class _Server:
    def __init__(self, path: Path, idle_s: float, home: str):
        self.path, self.idle_s, self.home = path, idle_s, home
        self.max_mb = settings.side_process_max_mb()
        self.calls = threading.Lock()  # calls take turns, whichever run sends them
        self.state = threading.Lock()
        self.connections, self.served, self.last_used = 0, 0, time.monotonic()

    def done(self) -> bool:
        with self.state:
            if self.connections:
                return False
            if self.idle_s == 0:
                return self.served > 0 or time.monotonic() - self.last_used > CONNECT_TIMEOUT_S
            return time.monotonic() - self.last_used > self.idle_s or not os.path.isdir(self.home)

    def serve(self, listener: socket.socket) -> None:
        listener.settimeout(0.5)
        while not self.done():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            with self.state:
                self.connections += 1
                self.served += 1
            threading.Thread(target=self.handle, args=(conn,), daemon=True).start()
        with contextlib.suppress(OSError):
            self.path.unlink()  # first: a run connecting from now on starts a new side process
        listener.close()

    def make_way_if_grown(self) -> None:
        """A process that lives for days keeps what grows with use (spaCy's string store learns every new word):
        past the resident-memory limit it exits once its runs are done, and the next run starts a fresh one."""
        resident = resident_mb()
        if resident > self.max_mb and self.idle_s:
            self.idle_s = 0
            print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} side process {os.getpid()} makes way: {resident:.0f} MB "
                  f"resident (limit {self.max_mb:.0f} MB)", file=sys.stderr, flush=True)

    def handle(self, conn: socket.socket) -> None:
        stream = conn.makefile("rwb")
        try:
            while True:
                try:
                    target, args = pickle.load(stream)
                except (EOFError, OSError):
                    return
                with self.calls:
                    try:
                        reply = (True, _resolve(target)(*args))
                    except Exception:
                        reply = (False, traceback.format_exc())
                    del args
                    release_freed_memory()  # a validated frame's memory goes back to the system between calls
                    self.make_way_if_grown()
                pickle.dump(reply, stream)
                stream.flush()
                del reply
        finally:
            with contextlib.suppress(OSError):
                stream.close()
                conn.close()
            with self.state:
                self.connections -= 1
                self.last_used = time.monotonic()


_server: _Server | None = None


def _retire() -> None:
    """Called by a side process of newer code for the same home: exit once no run is connected."""
    _server.idle_s = 0


def _resolve(target: str):
    module, function = target.split(":")
    return getattr(importlib.import_module(module), function)


def _warm_up(calls: threading.Lock) -> None:
    """GX first, holding the calls back (the run's first call is a validation); the rest beside the calls."""
    try:
        importlib.import_module("great_expectations")
    except Exception:  # the call that needs it reports it
        traceback.print_exc()
    finally:
        calls.release()
    try:
        importlib.import_module("pipeline.reports.charts")
        _resolve("pipeline.nlp.gazetteer:lookup_place")("Manchester")  # a city: the whole gazetteer loads
        importlib.import_module("pipeline.steps.parse")  # parsing a few records: its libraries, used once
        _resolve("pipeline.ingest.parse:detect_language")("Officials said the road stays closed.")
        _resolve("pipeline.ingest.dates:date_from_text")("Published 3 May 2024")
    except Exception:
        traceback.print_exc()


def _main(path: str, idle_s: str, home: str, owner: str | None = None) -> None:
    global _server
    os.dup2(2, 1)  # whatever a library prints goes to stderr (the run's, or the log)
    if owner:
        from pipeline.parallel import die_with_parent

        die_with_parent()
    _server = _Server(Path(path), float(idle_s), home)
    listener = listen(Path(path), 64)
    if listener is None:
        os._exit(0)
    if not owner:
        print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} side process {os.getpid()} serving {path} (exits after "
              f"{float(idle_s):.0f} s unused)", file=sys.stderr, flush=True)
    _server.calls.acquire()  # the first calls wait for GX's import
    threading.Thread(target=_warm_up, args=(_server.calls,), daemon=True).start()
    _server.serve(listener)
    sys.stderr.flush()
    os._exit(0)  # nothing to tear down (GX, pandas) that would outlive the process


if __name__ == "__main__":  # run as pipeline.side_process itself, so calls to its functions find its state
    importlib.import_module("pipeline.side_process")._main(*sys.argv[1:])
