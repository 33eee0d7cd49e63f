"""The standby run process (pipeline/standby.py): a command hands its run to a process that has Dagster and the
definitions imported already. The tables are what the command's own process gives; the output and exit status are
the command's; killing the command (SIGKILL) kills the run, workers included, and the next run completes it."""

import os
import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
from test_faults import _children, synthetic_corpus
from test_side_process import _ends_within

from conftest import ROOT, PipelineHome, cli_env, make_home
from pipeline import side_process, standby
from pipeline.dagster_home import PROCESS_TAG

DAY = "2026-03-02"


def _run(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "run", "--day", DAY], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


def _process_of_newest_run(home) -> int:
    """The pid that ran the Dagster home's newest run (its PROCESS_TAG)."""
    from dagster._core.instance.ref import InstanceRef

    with dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(home))) as instance:
        (newest,) = instance.get_runs(limit=1)
    return int(newest.tags[PROCESS_TAG].split("@")[0])


def _standbys(home) -> dict[int, Path]:
    """Standby processes serving `home`: pid -> its socket."""
    found = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                args = fh.read().split(b"\0")
        except OSError:
            continue
        if b"pipeline.standby" in args and str(home).encode() in args:
            found[int(pid)] = Path(args[args.index(b"pipeline.standby") + 1].decode())
    return found


def _wait_for_standby(home) -> int:
    """The standby the last run started, once it listens (a command that came sooner would run in its own)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        listening = [pid for pid, path in _standbys(home).items() if path.exists()]
        if listening:
            return listening[0]
        time.sleep(0.05)
    raise AssertionError("no standby listens")


def test_runs_handed_to_a_standby_give_the_tables_one_run_gives_and_die_with_their_command(tmp_path):
    inbox, home = tmp_path / "inbox", tmp_path / "dagster_home"
    inbox.mkdir()
    env = cli_env(tmp_path, PIPELINE_INBOX=str(inbox), PIPELINE_SIDE_PROCESS_IDLE="60")
    synthetic_corpus(inbox / "a.jsonl", 3)
    first = _run(env)  # in its own process (no standby yet), which starts one as it ends
    assert first.returncode == 0, first.stderr[-3000:]

    synthetic_corpus(inbox / "b.jsonl", 2, offset=3)
    waiting = _wait_for_standby(home)
    # a request without the command's three streams is turned away (the command would run in its own process),
    # and the standby stays for the next one
    with side_process.connect(_standbys(home)[waiting]) as conn:
        conn.sendall(pickle.dumps(("run", DAY, False, False)))
        conn.settimeout(10)
        assert conn.recv(4) == b""
    command = subprocess.Popen([sys.executable, "-m", "pipeline", "run", "--day", DAY], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = command.communicate(timeout=600)
    assert command.returncode == 0, err[-3000:]
    assert "Done in" in out and "1 new file (1 already ingested)" in out  # the command's output, from the standby
    assert _process_of_newest_run(home) == waiting != command.pid  # the run was the standby's
    assert _ends_within(waiting, 10)  # a standby serves one run

    # killed during the reading of 25 articles (worker processes): the standby and its workers end at once
    synthetic_corpus(inbox / "c.jsonl", 25, offset=5)
    running = _wait_for_standby(home)
    command = subprocess.Popen([sys.executable, "-m", "pipeline", "run", "--day", DAY], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for line in command.stderr:
        if "mentions: Reading 25 English articles" in line:
            break
    helpers = [pid for pid in _children(running) if b"forkserver" in Path(f"/proc/{pid}/cmdline").read_bytes()]
    assert helpers  # the workers' fork server
    command.kill()
    command.wait()
    assert _ends_within(running, 2)
    assert all(_ends_within(pid, 5) for pid in helpers)

    after = _run(env)  # in its own process (the killed run started no standby): it completes the day
    assert after.returncode == 0, after.stderr[-3000:]
    assert "Marked run" in after.stderr  # the killed run, failed: its process (the standby) is gone

    once = make_home(tmp_path / "once")
    once.inbox = inbox  # the same files at the same paths, all at once, in one run in this process
    assert once.run(DAY).success
    handed = PipelineHome(db=tmp_path / "warehouse.duckdb", inbox=inbox, instance=once.instance)
    assert handed.tables() == once.tables()
    assert handed.query("select count(*) from parsed_articles") == [(30,)]
    shutil.rmtree(home)
    assert all(_ends_within(pid, 10) for pid in _standbys(home))


def test_a_standby_is_for_one_set_of_settings(tmp_path, monkeypatch):
    """Its key: the same for the same settings whatever the shell's bookkeeping, another for any other setting
    or another recorded partition start; a command with no standby for its key runs in its own process."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    base = {"DAGSTER_HOME": str(home), "PIPELINE_INBOX": "/data/inbox", "PATH": "/usr/bin"}
    key = standby.settings_key(base)
    assert standby.settings_key({**base, "SHLVL": "3", "_": "/usr/bin/make", "OLDPWD": "/tmp"}) == key
    assert standby.settings_key({**base, "PIPELINE_INBOX": "/data/other"}) != key
    assert standby.settings_key({**base, "PIPELINE_WORKERS": "1"}) != key
    (home / "pipeline.json").write_text('{"partition_start": "2026-01-01"}')
    assert standby.settings_key(base) != key
    monkeypatch.setenv("PIPELINE_SIDE_PROCESS_IDLE", "60")
    assert not list(side_process.folder().glob(f"standby-{side_process.home_key()}-*.sock"))
    assert standby.hand_over(DAY, rebuild=False, verbose=False) is None
    monkeypatch.setenv("PIPELINE_SIDE_PROCESS_IDLE", "0")  # nothing outlives a run: no standby is started
    standby.prepare_next(base)
    assert not list(side_process.folder().glob(f"standby-{side_process.home_key()}-*.sock"))
