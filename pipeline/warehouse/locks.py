"""Taking turns: a lock file for runs on one DuckDB file, and a lease row for stages that must not overlap on a
lake (ingestion: two runs must not claim the same new file or keep the same article twice)."""

import datetime as dt
import fcntl
import os
import socket
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO

import duckdb

from pipeline import settings
from pipeline.warehouse.schema import frame
from pipeline.warehouse.writes import Change, apply_changes


def hold_file_lock(path: str, timeout_s: float, on_wait: Callable[[], None] = lambda: None) -> IO:
    """An open file holding an exclusive advisory lock on `path`; close it to release (the OS releases it when
    the process dies). Waits (polling) up to `timeout_s`, calling `on_wait` once when it has to wait."""
    handle = open(path, "a")  # noqa: SIM115 (the caller owns it: closing releases the lock)
    deadline = time.monotonic() + timeout_s
    waited = False
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return handle
        except BlockingIOError:
            if time.monotonic() > deadline:
                handle.close()
                raise TimeoutError(f"{path} is still held by another run after {timeout_s:.0f} s") from None
            if not waited:
                on_wait()
                waited = True
            time.sleep(0.5)


def process_alive(pid: int) -> bool:
    """Whether process `pid` still runs. A zombie has ended (only its parent has not reaped it yet): where the first
    process does not reap orphans (a container without an init, some VMs), a killed run's process stays one for good,
    and its run and lease would look held forever."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    if not sys.platform.startswith("linux"):
        return True
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read()
    except FileNotFoundError:  # it ended just now
        return False
    except OSError:
        return True
    return fields[fields.rindex(")") + 2] != "Z"  # the state follows the command's name, which may hold ")"


@contextmanager
def lease(con: duckdb.DuckDBPyConnection, name: str, ttl_s: float = 1800, timeout_s: float = 6 * 3600,
          on_wait: Callable[[str], None] = lambda holder: None) -> Iterator[None]:
    """Hold the lease `name` (a row in pipeline_locks) while the block runs.

    Every claimant inserts its row; the row committed first (lowest rowid: the catalog numbers rows in commit
    order) holds the lease, the others withdraw and wait. A holder on this host is cleared when its process
    has died (whatever its expiry: a long ingestion keeps its lease); a holder on another machine, whose
    process cannot be seen from here, when its lease has expired (`ttl_s`: longer than any ingestion).
    """
    me = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    deadline = time.monotonic() + timeout_s
    waited = False
    while True:
        _clear_stale(con, name)
        now = settings.utc_now()
        apply_changes(con, [Change("pipeline_locks", frame("pipeline_locks", [{
            "name": name, "owner": me, "host": socket.gethostname(), "pid": os.getpid(),
            "acquired_at": now, "expires_at": now + dt.timedelta(seconds=ttl_s)}]))])
        first = con.execute("select owner from pipeline_locks where name = ? order by rowid limit 1", [name]).fetchone()
        if first and first[0] == me:
            break
        apply_changes(con, [Change("pipeline_locks", delete_where="owner = ?", params=[me])])
        if time.monotonic() > deadline:
            raise TimeoutError(f"lease {name!r} still held by {first[0] if first else '?'} after {timeout_s:.0f} s")
        if not waited:
            on_wait(first[0] if first else "?")
            waited = True
        time.sleep(1.0)
    try:
        yield
    finally:
        apply_changes(con, [Change("pipeline_locks", delete_where="owner = ?", params=[me])])


def _clear_stale(con: duckdb.DuckDBPyConnection, name: str) -> None:
    host = socket.gethostname()
    stale = [owner for owner, row_host, pid, expires in con.execute(
        "select owner, host, pid, expires_at from pipeline_locks where name = ?", [name]).fetchall()
        if ((pid != os.getpid() and not process_alive(pid)) if row_host == host else expires < settings.utc_now())]
    if stale:
        apply_changes(con, [Change("pipeline_locks", delete_where="owner in (select unnest(?))", params=[stale])])
