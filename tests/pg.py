"""A throwaway PostgreSQL cluster on 127.0.0.1 for tests: initdb into a temporary folder (as a non-root user:
initdb refuses root), a free port, removed afterwards. `.ci/run` installs Debian's postgresql; where no server
binaries are found the tests that need it are skipped with a message saying why."""

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


def server_bin() -> Path | None:
    """The folder holding initdb and pg_ctl (Debian keeps them out of PATH)."""
    found = shutil.which("pg_ctl")
    if found:
        return Path(os.path.realpath(found)).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(versions[-1]).parent if versions else None


def why_unavailable() -> str | None:
    if server_bin() is None:
        return "PostgreSQL server binaries not found (apt-get install postgresql; .ci/run does)"
    if os.geteuid() == 0 and not shutil.which("runuser"):
        return "running as root and runuser is missing: initdb refuses root"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def throwaway_postgres(*databases: str) -> Iterator[str]:
    """Start a cluster, create `databases`, yield its libpq connection string without dbname (add
    `dbname=…`); stop and delete it after."""
    binaries = server_bin()
    base = Path(tempfile.mkdtemp(prefix="pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb and postgres refuse root: run them as the postgres (or nobody) user
        user = "postgres" if _user_exists("postgres") else "nobody"
        shutil.chown(base, user)
        os.chmod(base, 0o700)
        as_user = ["runuser", "-u", user, "--"]
    data, port = base / "data", _free_port()
    subprocess.run([*as_user, str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", "lake", "--no-sync"],
                   check=True, capture_output=True)
    subprocess.run([*as_user, str(binaries / "pg_ctl"), "-D", str(data), "-l", str(base / "log"), "-w", "-o",
                    f"-p {port} -h 127.0.0.1 -k {base} -c fsync=off -c max_connections=200", "start"],
                   check=True, capture_output=True)
    try:
        dsn = f"host=127.0.0.1 port={port} user=lake"
        _wait_ready(binaries, dsn)
        for database in databases:
            subprocess.run(["psql", f"{dsn} dbname=postgres", "-q", "-c", f"create database {database}"],
                           check=True, capture_output=True)
        yield dsn
    finally:
        subprocess.run([*as_user, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def _user_exists(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _wait_ready(binaries: Path, dsn: str, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while subprocess.run([str(binaries / "pg_isready"), "-d", dsn], capture_output=True).returncode != 0:
        if time.monotonic() > deadline:
            raise TimeoutError("PostgreSQL did not start")
        time.sleep(0.2)
