"""End to end through the real Dagster UI: `dagster dev` (webserver + daemon) on a loopback port, a run launched
over GraphQL, the schedule ticking, the inbox sensor picking up a new file, checks that tell a warning from a
failure, a command-line run listed where UI runs are, and the asset graph as a browser shows it (headless
Chromium).

Everything lives under tmp_path (Dagster home, DuckDB file, inbox); the server's process group is always killed
at the end. UPDATE_SCREENSHOT=1 rewrites the README's screenshots (docs/ui-*.png) from the browser's views.
"""

import contextlib
import datetime as dt
import html
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import duckdb
import pytest

from pipeline.dagster_home import DAGSTER_YAML

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "gaza-ceasefire-talks"
SEED_TITLE = "US Pushes for Gaza Ceasefire Blinken Meets Israeli PM for Talks"
NEW_TITLE = "Flash Flood Hits Riverside Town"
NEW_ARTICLE = {
    "title": NEW_TITLE,
    "text": "Five people were killed in a flood on Monday, officials said.\n\n"
            "Rescue teams searched the riverbanks for survivors after heavy rain swept through the town overnight.",
    "published_at": "2026-11-23",
}
# Two reports of one running toll, the later one lower (real reporting revises totals): a warning, not an error.
FALLING_TOLL = [
    {"id": "toll-1", "title": "Toll rises in Example Province", "published_at": "2024-01-10",
     "text": "The death toll in Example Province has risen to 500, the Example Province health ministry said."},
    {"id": "toll-2", "title": "Toll revised in Example Province", "published_at": "2024-01-12",
     "text": "The death toll in Example Province has risen to 450, the Example Province health ministry said."},
]
TOLL_TITLES = {a["title"] for a in FALLING_TOLL}
DOCS = ROOT / "docs"
CHROMIUM = shutil.which("chromium")
CHECKS_PER_ASSET = {"raw_articles": 2, "parsed_articles": 2, "rejected_articles": 1, "sentences": 1, "mentions": 1,
                    "entities": 1, "casualty_figures": 2, "daily_casualty_reports": 2}
CHECKED_ASSETS = list(CHECKS_PER_ASSET)
IN_PROGRESS = ["QUEUED", "NOT_STARTED", "STARTING", "STARTED", "CANCELING"]
TODAY = dt.datetime.now(dt.UTC).date().isoformat()
TICK_FIELDS = "ticks(limit: 20) { id status timestamp runIds skipReason error { message } }"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(what: str, probe, timeout: float, interval: float = 2.0, server=None):
    """Call `probe` until it returns something truthy; fail (with the server log) after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if server is not None and server.process.poll() is not None:
            pytest.fail(f"dagster dev exited ({server.process.returncode}) while waiting for {what}\n"
                        f"{server.log_tail()}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}"
                        + (f"\n{server.log_tail()}" if server is not None else ""))
        time.sleep(interval)


def _session_pids(sid: int) -> list[int]:
    """Processes still alive in the session `dagster dev` was started in (it and everything it spawned)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # state, ppid, pgrp, session, ...
        if int(fields[3]) == sid and fields[0] != "Z":
            pids.append(int(entry.name))
    return pids


class DagsterDev:
    """`dagster dev` on 127.0.0.1:port with its own Dagster home, warehouse and inbox; a small GraphQL client."""

    def __init__(self, base: Path):
        self.base = base
        self.home = base / "dagster_home"
        self.data = base / "data"
        self.inbox = base / "inbox"
        self.db = self.data / "warehouse.duckdb"
        for path in (self.home, self.data, self.inbox):
            path.mkdir(parents=True)
        (self.home / "dagster.yaml").write_text(DAGSTER_YAML)
        for suffix in (".txt", ".meta.json"):
            shutil.copy(SEED.with_name(SEED.name + suffix), self.inbox)
        (self.inbox / "falling-toll.json").write_text(json.dumps(FALLING_TOLL))
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = base / "dagster_dev.log"
        self.process: subprocess.Popen | None = None
        self.location = self.repository = None

    def start(self) -> None:
        bin_dir = Path(sys.executable).parent
        with open(self.log, "wb") as log:
            # As `python -m pipeline ui` starts it: in the project root, without -m, so pyproject.toml names the
            # module and the code location (casualty_pipeline) that command-line runs are recorded under.
            self.process = subprocess.Popen(
                [str(bin_dir / "dagster"), "dev", "-h", "127.0.0.1", "-p", str(self.port)],
                cwd=ROOT, env={**self.env(), "PIPELINE_SCHEDULE_CRON": "* * * * *",
                               "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"},
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        _wait_for("the webserver", self._serving, timeout=180, server=self)
        repos = _wait_for("the code location to load", self._repositories, timeout=120, server=self)
        [repo] = [r for r in repos if any(j["name"] == "daily_pipeline" for j in r["jobs"])]
        self.location, self.repository = repo["location"]["name"], repo["name"]

    def env(self) -> dict[str, str]:
        """What `python -m pipeline ui` would give dagster dev (and a command-line run on the same project)."""
        return {**{k: v for k, v in os.environ.items() if not k.startswith("PIPELINE_")},
                "DAGSTER_HOME": str(self.home), "PIPELINE_WAREHOUSE": str(self.db), "PIPELINE_INBOX": str(self.inbox),
                "PIPELINE_DATA_DIR": str(self.data), "PIPELINE_PARTITION_START": TODAY,
                "PIPELINE_SIDE_PROCESS_IDLE": "0", "PYTHONWARNINGS": "ignore"}

    def stop(self) -> None:
        """SIGTERM to `dagster dev`, then SIGKILL to its whole process group and anything left in its session."""
        if self.process is None:
            return
        sid = self.process.pid
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # it shuts down the webserver, daemon and code servers
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=20)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(sid, signal.SIGKILL)
        for pid in _session_pids(sid):  # anything that changed its process group
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        deadline = time.monotonic() + 10
        while _session_pids(sid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _session_pids(sid), f"processes left behind by dagster dev: {_session_pids(sid)}"

    def log_tail(self, lines: int = 60) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def _serving(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/server_info", timeout=5) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def _repositories(self):
        data = self.gql("{ repositoriesOrError { __typename ... on RepositoryConnection { nodes { name "
                        "location { name } jobs { name } } } ... on PythonError { message } } }")
        return data["repositoriesOrError"].get("nodes")

    def gql(self, query: str, variables: dict | None = None) -> dict:
        request = urllib.request.Request(f"{self.url}/graphql", headers={"Content-Type": "application/json"},
                                         data=json.dumps({"query": query, "variables": variables or {}}).encode())
        with urllib.request.urlopen(request, timeout=60) as response:
            body = json.load(response)
        assert not body.get("errors"), body["errors"]
        return body["data"]

    # --- the calls the test makes ---------------------------------------------------------------------------

    def launch_run(self, partition: str) -> str:
        data = self.gql(
            """mutation Launch($params: ExecutionParams!) {
                 launchRun(executionParams: $params) {
                   __typename
                   ... on LaunchRunSuccess { run { runId } }
                   ... on Error { message }
                   ... on RunConfigValidationInvalid { errors { message } }
                 }
               }""",
            {"params": {"selector": {"repositoryLocationName": self.location, "repositoryName": self.repository,
                                     "jobName": "daily_pipeline"},
                        "executionMetadata": {"tags": [{"key": "dagster/partition", "value": partition}]}}})
        result = data["launchRun"]
        assert result["__typename"] == "LaunchRunSuccess", result
        return result["run"]["runId"]

    def run(self, run_id: str) -> dict:
        data = self.gql("""query Run($id: ID!) { runOrError(runId: $id) { __typename
                             ... on Run { runId status tags { key value } } ... on Error { message } } }""",
                        {"id": run_id})
        assert data["runOrError"]["__typename"] == "Run", data
        return data["runOrError"]

    def wait_for_run(self, run_id: str, timeout: float = 300) -> dict:
        def finished():
            run = self.run(run_id)
            return run if run["status"] in ("SUCCESS", "FAILURE", "CANCELED") else None

        run = _wait_for(f"run {run_id}", finished, timeout=timeout, interval=3, server=self)
        assert run["status"] == "SUCCESS", f"run {run_id} ended {run['status']}\n{self.log_tail()}"
        return run

    def runs_in_progress(self) -> list[dict]:
        data = self.gql("""query Busy($statuses: [RunStatus!]) { runsOrError(filter: {statuses: $statuses}) {
                             ... on Runs { results { runId status } } } }""", {"statuses": IN_PROGRESS})
        return data["runsOrError"]["results"]

    def wait_until_idle(self, timeout: float = 300) -> None:
        """No run queued or running: only then may DuckDB be opened (one writer, or readers, across processes)."""
        _wait_for("every queued run to finish", lambda: not self.runs_in_progress(), timeout=timeout,
                  interval=3, server=self)

    def selector(self, key: str, name: str) -> dict:
        return {"repositoryLocationName": self.location, "repositoryName": self.repository, key: name}

    def schedule_state(self) -> dict:
        data = self.gql(f"""query Schedule($s: ScheduleSelector!) {{ scheduleOrError(scheduleSelector: $s) {{
                              __typename ... on Schedule {{ scheduleState {{ id status {TICK_FIELDS} }} }} }} }}""",
                        {"s": self.selector("scheduleName", "daily_pipeline_schedule")})
        return data["scheduleOrError"]["scheduleState"]

    def sensor_state(self) -> dict:
        data = self.gql(f"""query Sensor($s: SensorSelector!) {{ sensorOrError(sensorSelector: $s) {{
                              __typename ... on Sensor {{ sensorState {{ id status {TICK_FIELDS} }} }} }} }}""",
                        {"s": self.selector("sensorName", "inbox_sensor")})
        return data["sensorOrError"]["sensorState"]

    def stop_automation(self) -> None:
        """Stop the schedule and the sensor (if running) so they request nothing more."""
        schedule, sensor = self.schedule_state(), self.sensor_state()
        if schedule["status"] == "RUNNING":
            self.gql("mutation($id: String) { stopRunningSchedule(id: $id) { __typename } }", {"id": schedule["id"]})
        if sensor["status"] == "RUNNING":
            self.gql("mutation($id: String) { stopSensor(id: $id) { __typename } }", {"id": sensor["id"]})

    def query(self, sql: str) -> list[tuple]:
        assert not self.runs_in_progress(), "DuckDB is only read while no run can be writing it"
        with duckdb.connect(str(self.db), read_only=True) as con:
            return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def dagster_dev(tmp_path_factory):
    server = DagsterDev(tmp_path_factory.mktemp("ui_e2e"))
    try:
        server.start()
        yield server
    finally:
        try:
            if server.location and server.process.poll() is None:
                server.stop_automation()
        except Exception as exc:  # best effort: the process group is killed below anyway
            print(f"could not stop the schedule/sensor over GraphQL: {exc}")
        server.stop()


@pytest.fixture(scope="module")
def first_run(dagster_dev) -> dict:
    """Every asset (and check) materialized for today's arrival day, launched through the webserver."""
    run = dagster_dev.wait_for_run(dagster_dev.launch_run(TODAY))
    tags = {t["key"]: t["value"] for t in run["tags"]}
    assert tags["dagster/partition"] == TODAY
    return run


def test_run_schedule_and_sensor_through_the_webserver(dagster_dev, first_run):
    # 1. The run launched over GraphQL filled the warehouse from the seed article.
    dagster_dev.wait_until_idle()
    titles = {t for (t,) in dagster_dev.query("select title from parsed_articles")}
    assert titles == {SEED_TITLE, *TOLL_TITLES}
    figures = dagster_dev.query("select count_best from casualty_figures")
    assert sorted(f for (f,) in figures) == [10, 100, 450, 500, 27585]

    # 2. Schedule and sensor on. The sensor's first evaluation sees the seed (not yet in its cursor).
    started = time.time()
    result = dagster_dev.gql("""mutation($s: ScheduleSelector!) { startSchedule(scheduleSelector: $s) {
                                  __typename ... on ScheduleStateResult { scheduleState { status } }
                                  ... on Error { message } } }""",
                             {"s": dagster_dev.selector("scheduleName", "daily_pipeline_schedule")})
    assert result["startSchedule"]["scheduleState"]["status"] == "RUNNING", result
    result = dagster_dev.gql("""mutation($s: SensorSelector!) { startSensor(sensorSelector: $s) {
                                  __typename ... on Sensor { sensorState { status } } ... on Error { message } } }""",
                             {"s": dagster_dev.selector("sensorName", "inbox_sensor")})
    assert result["startSensor"]["sensorState"]["status"] == "RUNNING", result

    def first_sensor_tick():
        done = [t for t in dagster_dev.sensor_state()["ticks"] if t["status"] in ("SUCCESS", "SKIPPED", "FAILURE")]
        return done[-1] if done else None

    tick = _wait_for("the sensor's first evaluation", first_sensor_tick, timeout=120, server=dagster_dev)
    assert tick["status"] == "SUCCESS" and len(tick["runIds"]) == 1, tick

    # 3. A new article arrives after that evaluation; the sensor's next one (>= 30 s later) asks for a run.
    dropped = time.time()
    (dagster_dev.inbox / "flood-e2e.json").write_text(json.dumps(NEW_ARTICLE))

    def schedule_tick():
        done = [t for t in dagster_dev.schedule_state()["ticks"] if t["status"] != "STARTED"]
        return done[-1] if done else None  # ticks come newest first

    tick = _wait_for("a schedule tick (cron * * * * *)", schedule_tick, timeout=150, server=dagster_dev)
    assert tick["status"] == "SUCCESS" and tick["timestamp"] >= started - 1, tick
    assert len(tick["runIds"]) == 1, tick
    dagster_dev.gql("mutation($id: String) { stopRunningSchedule(id: $id) { __typename } }",
                    {"id": dagster_dev.schedule_state()["id"]})
    assert dagster_dev.schedule_state()["status"] == "STOPPED"

    def sensor_run_for_new_file():
        ticks = [t for t in dagster_dev.sensor_state()["ticks"] if t["timestamp"] > dropped and t["runIds"]]
        return ticks[0]["runIds"][0] if ticks else None

    run_id = _wait_for("the sensor to request a run for the new file", sensor_run_for_new_file, timeout=180,
                       server=dagster_dev)
    dagster_dev.gql("mutation($id: String) { stopSensor(id: $id) { __typename } }",
                    {"id": dagster_dev.sensor_state()["id"]})
    run = dagster_dev.wait_for_run(run_id)
    tags = {t["key"]: t["value"] for t in run["tags"]}
    assert tags["dagster/sensor_name"] == "inbox_sensor" and tags["dagster/run_key"].startswith("inbox-"), tags

    # 4. Once the queue is empty (the schedule's run and the sensor's first run too), the new article is there.
    dagster_dev.wait_until_idle()
    titles = {t for (t,) in dagster_dev.query("select title from parsed_articles")}
    assert titles == {SEED_TITLE, *TOLL_TITLES, NEW_TITLE}


CHECK_EXECUTIONS = """query Checks($key: AssetKeyInput!) { assetNodeOrError(assetKey: $key) { ... on AssetNode {
  assetChecksOrError { ... on AssetChecks { checks { name blocking
    executionForLatestMaterialization { status evaluation { severity description
      metadataEntries { label ... on MarkdownMetadataEntry { mdStr } } } } } } } } } }"""


def test_a_warning_is_shown_as_a_warning_beside_a_passed_blocking_check(dagster_dev, first_run):
    """The falling running toll fails the warning-level expectation only: its non-blocking check warns, the
    blocking check of the same table passes, and nothing downstream was held back."""
    dagster_dev.wait_until_idle()
    data = dagster_dev.gql(CHECK_EXECUTIONS, {"key": {"path": ["daily_casualty_reports"]}})
    checks = {c["name"]: c for c in data["assetNodeOrError"]["assetChecksOrError"]["checks"]}
    well_formed, never_fall = checks["reports_well_formed"], checks["running_totals_never_fall"]
    assert (well_formed["blocking"], never_fall["blocking"]) == (True, False)
    assert well_formed["executionForLatestMaterialization"]["status"] == "SUCCEEDED"
    assert never_fall["executionForLatestMaterialization"]["status"] == "FAILED"
    evaluation = never_fall["executionForLatestMaterialization"]["evaluation"]
    assert evaluation["severity"] == "WARN"
    assert dagster_dev.query("select count(*) from processing_log where step = 'casualty_chart'") == [(1,)]
    # What failed, readable in the UI; the full Data Docs page served where the check's link points.
    markdown = {e["label"]: e["mdStr"] for e in evaluation["metadataEntries"] if "mdStr" in e}
    assert "| expect_column_values_to_be_in_set | cumulative_not_decreasing | 1 | False |" in markdown["what_failed"]
    page = re.search(r"http://127\.0\.0\.1:8090/(\S+\.html)", markdown["data_docs"])[1]
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "pipeline", "docs", "--port", str(port)], cwd=ROOT,
                              env=dagster_dev.env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert server.stdout.readline().startswith("Rendering the Data Docs")
        assert server.stdout.readline().startswith(f"Data Docs of {dagster_dev.db} at http://127.0.0.1:{port}/")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/{page}", timeout=30) as response:
            text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.read().decode())).split())
        assert "cumulative_not_decreasing" in text and "values must belong to this set: True" in text
    finally:
        server.terminate()
        server.wait(timeout=10)


TIMELINE = """query CompletedRunTimelineQuery($completedFilter: RunsFilter!, $limit: Int!) {
  completed: runsOrError(filter: $completedFilter, limit: $limit) { ... on Runs { results {
    id pipelineName tags { key value } repositoryOrigin { repositoryName repositoryLocationName } } } } }"""


def test_a_command_line_run_is_listed_where_ui_runs_are(dagster_dev, first_run, tmp_path):
    """The Overview timeline keeps only runs with a repository origin: command-line runs are recorded with the
    UI's code location, and their tags say who started them."""
    dagster_dev.wait_until_idle()  # on a DuckDB file the command line waits for the UI's runs anyway
    inbox = tmp_path / "cli-inbox"
    inbox.mkdir()
    (inbox / "cli.json").write_text(json.dumps({"title": "Bridge Reopens", "published_at": "2024-02-01",
                                                "text": "The bridge reopened on Monday after repairs, the city said."}))
    cli = subprocess.run([sys.executable, "-m", "pipeline", "run", "--inbox", str(inbox)], cwd=ROOT,
                         env=dagster_dev.env(), capture_output=True, text=True, timeout=600)
    assert cli.returncode == 0, cli.stderr[-3000:]
    now = time.time()
    runs = dagster_dev.gql(TIMELINE, {"completedFilter": {"statuses": ["SUCCESS", "FAILURE", "CANCELED"],
                                                          "updatedAfter": now - 3600, "updatedBefore": now + 60},
                                      "limit": 500})["completed"]["results"]
    cli_runs = [r for r in runs if {"key": "pipeline/source", "value": "cli"} in r["tags"]]
    assert len(cli_runs) == 1
    assert cli_runs[0]["repositoryOrigin"] == {"repositoryName": "__repository__",
                                               "repositoryLocationName": "casualty_pipeline"}
    tags = {t["key"]: t["value"] for t in cli_runs[0]["tags"]}
    assert (tags["pipeline/mode"], tags["pipeline/inbox"]) == ("incremental", str(inbox))


def _chromium(args: list[str], profile: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    """Headless Chromium on its own throwaway profile; the whole process group is killed on timeout."""
    command = [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--hide-scrollbars", f"--user-data-dir={profile}", "--virtual-time-budget=15000",
               # 2560x1600 CSS pixels, so the graph fits at a zoom where nodes show their details (checks);
               # at scale 0.625 the screenshot is 1600x1000 pixels.
               "--window-size=2560,1600", "--force-device-scale-factor=0.625", *args]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        pytest.fail(f"chromium timed out after {timeout} s: {err.decode(errors='replace')[-2000:]}")
    finally:
        with contextlib.suppress(ProcessLookupError):  # renderer/zygote helpers must not outlive the browser
            os.killpg(process.pid, signal.SIGKILL)
    return subprocess.CompletedProcess(command, process.returncode, out, err)


def _asset_nodes(dom: str) -> dict[str, str]:
    """asset name -> the text of its node's 'Asset checks' cell, from the rendered DOM of the graph."""
    checks = {}
    for name, cell in re.findall(r'<a href="/assets/([\w%/-]+)\?view=checks">(.*?)</a>', dom, flags=re.S):
        checks[name] = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split())
    return checks


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed: apt-get install chromium")
def test_asset_graph_in_headless_chromium(dagster_dev, first_run, tmp_path):
    dagster_dev.wait_until_idle()  # check statuses are final, not "running"
    assert dagster_dev.gql("mutation { setNuxSeen }")["setNuxSeen"]  # no "join the community" dialog on top
    nodes = dagster_dev.gql("{ assetNodes { assetKey { path } groupName } }")["assetNodes"]
    # The global lineage page collapses groups; ?expanded= opens every one of them (ids are global@global:<group>).
    groups = sorted({n["groupName"] for n in nodes})
    url = f"{dagster_dev.url}/asset-groups?" + urllib.parse.urlencode(
        {"expanded": ",".join(f"global@global:{g}" for g in groups)})

    checks, dom = {}, ""
    for attempt in range(3):  # the layout is computed asynchronously; a loaded machine may need another go
        result = _chromium(["--dump-dom", url], tmp_path / f"profile-dom-{attempt}")
        dom = result.stdout.decode(errors="replace")
        checks = _asset_nodes(dom)
        if set(CHECKED_ASSETS) <= set(checks):
            break
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", "", dom,
                                                                   flags=re.S))).split())
    assert "Global asset lineage" in text, text[:2000]
    for name in [*CHECKED_ASSETS, "casualty_chart"]:
        assert name in text, f"{name} not on the asset graph page: {text[:3000]}"
    # What a person sees on each node: its checks passed (casualty_chart has none), the falling toll a warning.
    assert {name: checks.get(name) for name in CHECKED_ASSETS} == {
        name: f"{n} / {n} Passed" for name, n in CHECKS_PER_ASSET.items()} | {
        "daily_casualty_reports": "1 / 2 Passed"}
    for group in groups:
        assert group in text

    if os.environ.get("UPDATE_SCREENSHOT") == "1":
        # One picture per step of the README's walkthrough, as the browser shows it.
        pages = {"ui-1-asset-graph.png": url,
                 "ui-2-materialize-today.png": f"{dagster_dev.url}/assets/raw_articles?view=partitions",
                 "ui-3-checks.png": f"{dagster_dev.url}/assets/daily_casualty_reports?view=checks",
                 "ui-4-chart.png": f"{dagster_dev.url}/assets/casualty_chart",
                 "ui-5-plots.png": f"{dagster_dev.url}/assets/casualty_figures?view=plots",
                 "ui-6-automation.png": f"{dagster_dev.url}/automation",
                 "ui-7-timeline.png": f"{dagster_dev.url}/overview/activity/timeline"}
        for name, page in pages.items():
            shot = tmp_path / name
            _chromium([f"--screenshot={shot}", page], tmp_path / f"profile-{name}")
            assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
            shutil.copy(shot, DOCS / name)
