"""A standby run process: `python -m pipeline run` hands its run to a process that has Dagster, the definitions,
the instance's storage, Arrow and pandas imported already, so that a run with little to do costs what it does and
not the ~3 s of CPU those imports take in every new process.

Every command-line run in the shared mode (PIPELINE_SIDE_PROCESS_IDLE > 0, the default) starts, as it ends, a
standby for the next command with exactly its settings: the same interpreter and project files, working folder,
environment and Dagster home settings (pipeline.json). A command with those settings that finds work hands its run
over: the standby takes the command's standard input, output and error, runs it, and sends back the exit status.
Ctrl-C, SIGTERM and SIGHUP are passed on to it; if the command is killed (SIGKILL too) the standby kills itself,
run and workers with it, as the command's own process would have died. A standby serves one run and exits (the run
starts the next one); unused, it exits after the idle time, when its Dagster home is removed, or when a newer
standby for the same home starts. Any other command (other settings, no standby, one that does not answer) runs in
its own process, as before: a standby only ever saves time.

Protocol (a Unix socket beside the side process's): the command sends ("run", day, rebuild, verbose) with its
standard streams attached (SCM_RIGHTS); the standby answers with its pid once its imports are done; the command
says go (b"g"), and from then on the run is the standby's; at the end, the exit status (4 bytes).
"""

import atexit
import contextlib
import fcntl
import hashlib
import os
import pickle
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import traceback
import warnings
from collections.abc import Mapping
from pathlib import Path

from pipeline import settings, side_process

READY_TIMEOUT_S = 30.0  # a standby still importing answers within seconds; past this the command runs itself
_CODE = tuple(settings.PROJECT_ROOT / name for name in ("pipeline", "assets", "expectations", "sql"))
_FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
# Not settings: the shell's bookkeeping (how deep, where before, the last command), and what Polars adds to the
# environment it is imported in (its allocator's settings)
_NOT_SETTINGS = {"_", "SHLVL", "OLDPWD", "PWD", "_RJEM_MALLOC_CONF"}


def settings_key(env: Mapping[str, str]) -> str:
    """What a standby's imported state depends on: the interpreter, its packages and the project's files, the
    working folder, every environment variable (settings are read from it, some at import) and the Dagster home's
    recorded settings (the partitions' first day)."""
    digest = hashlib.sha256(side_process.code_version(_CODE).encode())
    digest.update(os.getcwd().encode())
    for name in sorted(set(env) - _NOT_SETTINGS):
        digest.update(f"{name}={env[name]}\0".encode())
    with contextlib.suppress(OSError):
        digest.update(settings.recorded_settings_file().read_bytes())
    return digest.hexdigest()[:16]


def _socket_path(key: str) -> Path:
    return side_process.folder() / f"standby-{side_process.home_key()}-{key}.sock"


# --- the command's side ------------------------------------------------------------------------------------------

def hand_over(day: str, rebuild: bool, verbose: bool) -> int | None:
    """Run this command's run in the standby for its settings; its exit status, or None when there is no standby
    to take it (the caller runs it)."""
    if settings.side_process_idle_s() == 0:
        return None
    try:
        conn = side_process.connect(_socket_path(settings_key(os.environ)))
    except OSError:
        return None
    with conn:
        try:
            conn.settimeout(READY_TIMEOUT_S)
            socket.send_fds(conn, [pickle.dumps(("run", day, rebuild, verbose))], [0, 1, 2])
            (pid,) = struct.unpack("!i", _receive(conn, 4))
            conn.sendall(b"g")
        except (OSError, EOFError):
            return None  # not started: this process runs it
        conn.settimeout(None)
        previous = {sig: signal.signal(sig, lambda sig, _frame: _pass_on(pid, sig)) for sig in _FORWARDED}
        try:
            (code,) = struct.unpack("!i", _receive(conn, 4))
        except (OSError, EOFError):
            print(f"error: the standby process {pid} running this command ended without an exit status (killed?); "
                  f"its log: {_log_path()}", file=sys.stderr)
            return 1
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    return code


def _pass_on(pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # it has just ended: its exit status is on its way
        os.kill(pid, sig)


def prepare_next(env: Mapping[str, str]) -> None:
    """Start a standby for the next command with these settings (`env`: this command's environment once its
    options were applied), in the background; it exits unused after the idle time."""
    idle = settings.side_process_idle_s()
    if idle == 0:
        return
    path = _socket_path(settings_key(env))
    _log_path().parent.mkdir(parents=True, exist_ok=True)
    with open(_log_path(), "ab") as log:
        subprocess.Popen([sys.executable, "-m", "pipeline.standby", str(path), str(idle),
                          os.path.realpath(settings.dagster_home())],
                         env={k: v for k, v in env.items() if k not in _NOT_SETTINGS}, stdin=subprocess.DEVNULL,
                         stdout=log, stderr=log, start_new_session=True)


def _receive(conn: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def _log_path() -> Path:
    return settings.dagster_home() / "standby.log"


# --- the standby itself ------------------------------------------------------------------------------------------

def _warm_up() -> None:
    """What every run imports or computes before its first step, done before a command comes."""
    warnings.filterwarnings("ignore", message=r".*is currently in (beta|preview)")  # as pipeline/__main__.py
    import dagster as dg
    import pyarrow.dataset  # noqa: F401  (DuckDB imports it, and pandas, at a run's first write)

    from pipeline import cli, definitions, runner  # noqa: F401  (Dagster, the assets and their resources)
    from pipeline.warehouse.schema import tables

    tables()
    runner.code_location_origin("daily_pipeline")
    with dg.DagsterInstance.get() as instance:  # the storage modules, SQLAlchemy, Alembic
        instance.get_runs(limit=1)


def _retire_others(path: Path) -> None:
    """One standby per Dagster home: older ones (other settings, older code) exit."""
    for other in path.parent.glob(f"standby-{side_process.home_key()}-*.sock"):
        if other != path:
            with contextlib.suppress(OSError), side_process.connect(other) as conn:
                conn.sendall(pickle.dumps(("retire",)))


def _serve(listener: socket.socket, path: Path, idle_s: float, home: str) -> None:
    listener.settimeout(0.5)
    last_used = time.monotonic()
    while time.monotonic() - last_used < idle_s and os.path.isdir(home):
        try:
            conn, _ = listener.accept()
        except TimeoutError:
            continue
        last_used = time.monotonic()
        conn.settimeout(10.0)
        fds = []
        try:
            data, fds, _, _ = socket.recv_fds(conn, 4096, 3)
            request = pickle.loads(data)
            if request[0] == "retire":
                break
            if request[0] != "run" or len(fds) != 3:
                raise EOFError
            conn.sendall(struct.pack("!i", os.getpid()))
            if _receive(conn, 1) != b"g":
                raise EOFError
        except (OSError, EOFError, pickle.UnpicklingError, IndexError):
            for fd in fds:
                os.close(fd)
            conn.close()
            continue  # the command went its own way: still unused
        with contextlib.suppress(OSError):
            path.unlink()  # served once: the next command finds the standby this run starts
        listener.close()
        _run(conn, fds, *request[1:])
    with contextlib.suppress(OSError):
        path.unlink()


def _run(conn: socket.socket, fds: list[int], day: str, rebuild: bool, verbose: bool) -> None:
    for target, fd in zip((0, 1, 2), fds, strict=True):
        os.dup2(fd, target)
        os.close(fd)
    conn.settimeout(None)
    _die_with_command(conn)
    from pipeline import cli

    started = time.monotonic()
    try:
        code = cli.run_here(day, rebuild, verbose)
    except KeyboardInterrupt:
        print(f"\nInterrupted after {time.monotonic() - started:.0f} s.", file=sys.stderr)
        code = 130
    except Exception:  # noqa: BLE001 - the command's process would have printed it and failed
        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    atexit._run_exitfuncs()  # the side process's connection, the workers (as pipeline/__main__.py)
    with contextlib.suppress(OSError):
        conn.sendall(struct.pack("!i", code))
    os._exit(code)


def _die_with_command(conn: socket.socket) -> None:
    """When the command that handed its run over is gone (killed), so is its run, at once, as in the command's own
    process: the kernel signals the connection's end with SIGIO, whose default action ends the process (no Python
    code runs, whatever the run is doing). Without O_ASYNC, a thread waits for the end instead."""
    try:
        signal.signal(signal.SIGIO, signal.SIG_DFL)
        fcntl.fcntl(conn.fileno(), fcntl.F_SETOWN, os.getpid())
        fcntl.fcntl(conn.fileno(), fcntl.F_SETFL, fcntl.fcntl(conn.fileno(), fcntl.F_GETFL) | os.O_ASYNC)
    except (AttributeError, OSError):
        threading.Thread(target=_kill_at_end_of, args=(conn,), daemon=True).start()


def _kill_at_end_of(conn: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while conn.recv(1):
            pass
    os.kill(os.getpid(), signal.SIGKILL)


def _main(path: str, idle_s: str, home: str) -> None:
    os.dup2(2, 1)  # whatever is printed before a command comes goes to the log
    listener = side_process.listen(Path(path), 8)
    if listener is None:
        os._exit(0)
    _retire_others(Path(path))
    try:
        _warm_up()
    except Exception:  # noqa: BLE001 - a command would meet the same error: let it run (and report) in its own
        traceback.print_exc()
        listener.close()
        Path(path).unlink(missing_ok=True)
        os._exit(1)
    _serve(listener, Path(path), float(idle_s), home)
    os._exit(0)


if __name__ == "__main__":  # run as pipeline.standby itself, so that its functions and the run share its state
    import importlib

    importlib.import_module("pipeline.standby")._main(*sys.argv[1:])
