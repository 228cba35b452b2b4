"""`ruralpulse ui`, for real: the webserver and the daemon start on a free loopback port, the
asset graph, the schedule and the sensor are visible over GraphQL, a launched run and a
sensor-triggered run both load the warehouse, and Ctrl-C leaves no process behind.

Slow (4-5 minutes on a 2-CPU machine): it starts Dagster's webserver and daemon, waits for
three runs of the whole job and for the inbox sensor (minimum interval 30 s). Run with `-s`
to see start-up time, memory and the runs with their step timings.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
JOB = "ruralpulse_pipeline"
SENSOR = "inbox_sensor"
# Bounds for a 2-CPU machine; RURALPULSE_TEST_SLOWDOWN=2 doubles them on a busier one.
SLOWDOWN = float(os.environ.get("RURALPULSE_TEST_SLOWDOWN", "1"))
STARTUP_TIMEOUT_S = 90.0 * SLOWDOWN
RUN_TIMEOUT_S = 180.0 * SLOWDOWN
# From the file drop: up to one sensor interval (30 s) and up to ~30 s in the run queue, then
# the same 180 s as any run (one process per run: the definitions' in-process executor).
SENSOR_TIMEOUT_S = 240.0 * SLOWDOWN
DRAIN_TIMEOUT_S = 150.0 * SLOWDOWN  # best effort: the sensor's start-up run finishing first
STOP_TIMEOUT_S = 45.0  # the ui gives its children 15 s, then SIGKILLs their sessions

FIRST_DOC = (
    "Rural revitalization report, Meixian County, 2023.\n\n"
    "The county relocated 3,200 households and built 45 km of roads in 2023. "
    "Per capita disposable income of rural residents reached 18,500 yuan, up 7.2 percent "
    "year on year. The county also renovated 1,150 rural toilets.\n"
)
SECOND_DOC = (
    "Irrigation works in Qingshan County, 2024.\n\n"
    "Qingshan County upgraded 12,000 mu of high-standard farmland in 2024 and repaired "
    "86 km of irrigation channels. Grain output rose 4.5 percent to 310,000 tonnes. "
    "Some 2,400 farmers received technical training.\n"
)

FINISHED = {"SUCCESS", "FAILURE", "CANCELED"}
IN_FLIGHT = ("QUEUED", "NOT_STARTED", "STARTING", "STARTED", "CANCELING")
LINEAGE = [
    ("ingest/documents", "raw/documents"),
    ("validate/metrics", "core/fct_metric"),
    ("core/fct_metric", "marts/latest_indicator_value"),
    ("core/dim_region", "extract/metrics"),
    ("core/dim_indicator", "extract/metrics"),
]


# ---------------------------------------------------------------------------- processes


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _proc_table() -> dict[int, dict[str, Any]]:
    """pid -> ppid, pgid, sid, start time and command line, read from /proc."""
    table: dict[int, dict[str, Any]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        pid = int(entry)
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            raw = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
        if fields[0] == "Z":  # a zombie holds no memory and runs nothing
            continue
        table[pid] = {
            "ppid": int(fields[1]),
            "pgid": int(fields[2]),
            "sid": int(fields[3]),
            "start": int(fields[19]),
            "args": [a.decode(errors="replace") for a in raw.split(b"\0") if a],
        }
    return table


def _descendants(root: int, table: dict[int, dict[str, Any]] | None = None) -> dict[int, dict]:
    table = _proc_table() if table is None else table
    children: dict[int, list[int]] = {}
    for pid, info in table.items():
        children.setdefault(info["ppid"], []).append(pid)
    out: dict[int, dict] = {}
    stack = list(children.get(root, []))
    while stack:
        pid = stack.pop()
        if pid not in out:
            out[pid] = table[pid]
            stack.extend(children.get(pid, []))
    return out


def _rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree_rss_mib(root: int) -> tuple[float, int]:
    pids = [root, *_descendants(root)]
    return sum(_rss_kib(p) for p in pids) / 1024, len(pids)


def _alive(pid: int, start: int) -> bool:
    """The same process (pid and start time), still running and not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    fields = stat[stat.rindex(")") + 2 :].split()
    return fields[0] != "Z" and int(fields[19]) == start


def _describe(table: dict[int, dict]) -> str:
    return "\n".join(
        f"  pid={pid} ppid={i['ppid']} pgid={i['pgid']} sid={i['sid']} {' '.join(i['args'])}"
        for pid, i in sorted(table.items())
    )


# ---------------------------------------------------------------------------- http / graphql


class GraphQL:
    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"

    def get(self, path: str, timeout: float = 5.0) -> bytes:
        with urllib.request.urlopen(self.base + path, timeout=timeout) as resp:
            return resp.read()

    def __call__(self, query: str, variables: dict | None = None, timeout: float = 60.0) -> dict:
        body = json.dumps({"query": query, "variables": variables or {}}).encode()
        req = urllib.request.Request(
            self.base + "/graphql",
            data=body,
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                payload = json.loads(resp.read())
        except urllib.error.HTTPError as exc:
            raise AssertionError(f"GraphQL HTTP {exc.code}: {exc.read()[:2000]!r}") from exc
        assert not payload.get("errors"), f"GraphQL errors: {payload['errors']}"
        return payload["data"]


def _ok(result: dict, typename: str) -> dict:
    """A `...OrError` union member, or a failure showing Dagster's error message."""
    assert result["__typename"] == typename, (
        f"expected {typename}, got {result['__typename']}: "
        f"{result.get('message')}\n{''.join(result.get('stack') or [])}"
    )
    return result


class PollTimeout(AssertionError):
    """Something did not happen in time (as opposed to a failed check along the way)."""


def _poll(
    what: str,
    timeout: float,
    fn: Callable[[], Any],
    interval: float = 1.0,
    context: Callable[[], str] = str,
) -> Any:
    """Call fn until it returns something truthy; on timeout fail with context()."""
    deadline = time.monotonic() + timeout
    last_exc: Exception | None = None
    while time.monotonic() < deadline:
        try:
            value = fn()
        except (OSError, urllib.error.URLError, ConnectionError) as exc:
            last_exc, value = exc, None
        if value:
            return value
        time.sleep(interval)
    raise PollTimeout(
        f"timed out after {timeout:.0f} s waiting for {what} (last error: {last_exc}){context()}"
    )


LOCATIONS = """
query {
  locationStatusesOrError {
    __typename
    ... on WorkspaceLocationStatusEntries { entries { name loadStatus } }
    ... on PythonError { message stack }
  }
  workspaceOrError {
    __typename
    ... on Workspace {
      locationEntries {
        name
        locationOrLoadError {
          __typename
          ... on RepositoryLocation { name repositories { name } }
          ... on PythonError { message stack }
        }
      }
    }
    ... on PythonError { message stack }
  }
}
"""
ASSET_GRAPH = """
query {
  assetNodes {
    assetKey { path }
    dependencyKeys { path }
    jobNames
  }
}
"""
INSTIGATORS = """
query ($repo: RepositorySelector!) {
  schedulesOrError(repositorySelector: $repo) {
    __typename
    ... on Schedules { results { name cronSchedule pipelineName scheduleState { status } } }
    ... on PythonError { message stack }
  }
  sensorsOrError(repositorySelector: $repo) {
    __typename
    ... on Sensors {
      results { name minIntervalSeconds targets { pipelineName } sensorState { status } }
    }
    ... on PythonError { message stack }
  }
}
"""
LAUNCH = """
mutation ($params: ExecutionParams!) {
  launchRun(executionParams: $params) {
    __typename
    ... on LaunchRunSuccess { run { runId status } }
    ... on RunConfigValidationInvalid { errors { message } }
    ... on PipelineNotFoundError { message }
    ... on InvalidSubsetError { message }
    ... on RunConflict { message }
    ... on UnauthorizedError { message }
    ... on PythonError { message stack }
  }
}
"""
RUN = """
query ($runId: ID!) {
  runOrError(runId: $runId) {
    __typename
    ... on Run { runId status jobName tags { key value } }
    ... on RunNotFoundError { message }
    ... on PythonError { message stack }
  }
}
"""
RUNS = """
query ($filter: RunsFilter) {
  runsOrError(filter: $filter) {
    __typename
    ... on Runs { results { runId status jobName creationTime tags { key value } } }
    ... on PythonError { message stack }
  }
}
"""


OVERVIEW = """
query {
  runsOrError {
    __typename
    ... on Runs {
      results {
        runId status creationTime startTime endTime tags { key value }
        stepStats { stepKey status startTime endTime }
      }
    }
    ... on PythonError { message stack }
  }
}
"""


POOLS = """
query {
  instance {
    concurrencyLimits {
      concurrencyKey slotCount
      claimedSlots { runId stepKey }
      pendingSteps { runId stepKey assignedTimestamp }
    }
  }
}
"""


def _pools(gql: GraphQL) -> list[dict]:
    return gql(POOLS)["instance"]["concurrencyLimits"]


def _runs_overview(gql: GraphQL) -> str:
    """Every run with its origin, status and step timings (for failure messages and -s)."""
    try:
        runs = _ok(gql(OVERVIEW)["runsOrError"], "Runs")["results"]
    except (AssertionError, OSError) as exc:
        return f"\n(could not list runs: {exc})"
    lines = []
    for r in sorted(runs, key=lambda r: r["creationTime"]):
        tags = {t["key"]: t["value"] for t in r["tags"]}
        origin = tags.get("dagster/sensor_name") or tags.get("dagster/schedule_name") or "launched"
        took = (
            f"{r['endTime'] - r['startTime']:.0f} s"
            if r["startTime"] and r["endTime"]
            else "running"
            if r["startTime"]
            else "not started"
        )
        lines.append(
            f"  run {r['runId'][:8]} {origin} {tags.get('dagster/run_key', '')} "
            f"{r['status']} ({took}, queued {(r['startTime'] or time.time()) - r['creationTime']:.0f} s)"
        )
        for st in r["stepStats"]:
            dur = (
                f"{st['endTime'] - st['startTime']:.1f} s"
                if st["startTime"] and st["endTime"]
                else "-"
            )
            lines.append(f"      {st['stepKey']:<40} {st['status'] or '-':<10} {dur}")
    try:
        for pool in _pools(gql):
            claimed = [f"{c['runId'][:8]}:{c['stepKey']}" for c in pool["claimedSlots"]]
            pending = [f"{c['runId'][:8]}:{c['stepKey']}" for c in pool["pendingSteps"]]
            lines.append(
                f"  pool {pool['concurrencyKey']} ({pool['slotCount']} slots): "
                f"claimed by {claimed or 'nobody'}, pending {pending or 'none'}"
            )
    except (AssertionError, OSError) as exc:
        lines.append(f"  (could not read pools: {exc})")
    return "\nruns:\n" + "\n".join(lines)


def _no_failed_run(gql: GraphQL, logs: Callable[[], str]) -> None:
    """Fail now, with Dagster's error events, if any run failed or was canceled."""
    data = gql(RUNS, {"filter": {"statuses": ["FAILURE", "CANCELED"]}})["runsOrError"]
    bad = _ok(data, "Runs")["results"]
    if bad:
        details = "\n".join(
            f"run {r['runId']} ({dict((t['key'], t['value']) for t in r['tags'])}) "
            f"ended {r['status']}:\n{_run_failure_logs(gql, r['runId'])}"
            for r in bad
        )
        raise AssertionError(f"{details}{_runs_overview(gql)}{logs()}")


def _run_failure_logs(gql: GraphQL, run_id: str) -> str:
    data = gql(
        """query ($runId: ID!) { logsForRun(runId: $runId, limit: 2000) {
             __typename ... on EventConnection { events { __typename
               ... on MessageEvent { message level stepKey } } } } }""",
        {"runId": run_id},
    )["logsForRun"]
    events = data.get("events") or []
    return "\n".join(
        f"[{e.get('level')}] {e.get('stepKey') or ''} {e.get('message')}"
        for e in events
        if e.get("level") in ("ERROR", "CRITICAL") or "FAILURE" in e["__typename"].upper()
    )[-6000:]


# ---------------------------------------------------------------------------- warehouse


def _read_warehouse(db: Path, sql: str, timeout: float = 60.0) -> list[tuple]:
    """Read-only DuckDB access; a run that writes right now holds the lock, so retry a while."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            con = duckdb.connect(str(db), read_only=True)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.5)
            continue
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()


# ---------------------------------------------------------------------------- the test


def test_ui_serves_runs_senses_and_stops_cleanly(tmp_path: Path) -> None:
    port = _free_port()
    home = tmp_path / "dagster_home"
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "meixian_2023.txt").write_text(FIRST_DOC, encoding="utf-8")
    db = tmp_path / "warehouse.duckdb"
    out_path, err_path = tmp_path / "ui.stdout.log", tmp_path / "ui.stderr.log"
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "RURALPULSE_DB": str(db),
        "RURALPULSE_INBOX": str(inbox),
        "GX_ANALYTICS_ENABLED": "false",
        "PYTHONUNBUFFERED": "1",
    }

    def logs() -> str:
        return (
            f"\n--- ui stdout ({out_path}) ---\n{out_path.read_text(errors='replace')[-4000:]}"
            f"\n--- ui stderr ({err_path}) ---\n{err_path.read_text(errors='replace')[-8000:]}"
        )

    t0 = time.monotonic()
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        ui = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "orchestration.cli",
                "ui",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # our SIGINT is the only one it gets
        )
    gql = GraphQL(port)
    seen: dict[int, dict] = {}  # every descendant of the ui we ever saw (for cleanup)
    peak_rss = (0.0, 0)

    def sample() -> None:
        nonlocal peak_rss
        seen.update(_descendants(ui.pid))
        rss = _tree_rss_mib(ui.pid)
        if rss[0] > peak_rss[0]:
            peak_rss = rss

    try:
        # 2. start-up ---------------------------------------------------------------------
        def server_info() -> bool:
            assert ui.poll() is None, f"`ruralpulse ui` exited with {ui.returncode}{logs()}"
            return json.loads(gql.get("/server_info")) is not None

        _poll("/server_info", STARTUP_TIMEOUT_S, server_info, interval=0.25)
        t_http = time.monotonic() - t0

        def loaded_location() -> tuple[str, str] | None:
            assert ui.poll() is None, f"`ruralpulse ui` exited with {ui.returncode}{logs()}"
            data = gql(LOCATIONS)
            entries = _ok(data["locationStatusesOrError"], "WorkspaceLocationStatusEntries")
            if not entries["entries"] or any(
                e["loadStatus"] != "LOADED" for e in entries["entries"]
            ):
                return None
            ws = _ok(data["workspaceOrError"], "Workspace")
            assert len(ws["locationEntries"]) == 1, ws
            loc = _ok(ws["locationEntries"][0]["locationOrLoadError"], "RepositoryLocation")
            assert len(loc["repositories"]) == 1, loc
            return loc["name"], loc["repositories"][0]["name"]

        location, repository = _poll(
            "the code location to load", STARTUP_TIMEOUT_S - t_http, loaded_location, 0.5
        )
        t_loaded = time.monotonic() - t0
        sample()
        idle_rss = _tree_rss_mib(ui.pid)
        repo = {"repositoryLocationName": location, "repositoryName": repository}

        # 3. asset graph, schedule and sensor -------------------------------------------------
        nodes = gql(ASSET_GRAPH)["assetNodes"]
        deps = {
            "/".join(n["assetKey"]["path"]): {"/".join(d["path"]) for d in n["dependencyKeys"]}
            for n in nodes
        }
        for upstream, downstream in LINEAGE:
            assert downstream in deps, f"{downstream} missing from the asset graph: {sorted(deps)}"
            assert upstream in deps[downstream], (
                f"no edge {upstream} -> {downstream}; {downstream} depends on "
                f"{sorted(deps[downstream])}"
            )
        job_assets = {"/".join(n["assetKey"]["path"]) for n in nodes if JOB in n["jobNames"]}
        assert {a for edge in LINEAGE for a in edge} <= job_assets

        inst = gql(INSTIGATORS, {"repo": repo})
        schedules = _ok(inst["schedulesOrError"], "Schedules")["results"]
        sensors = {s["name"]: s for s in _ok(inst["sensorsOrError"], "Sensors")["results"]}
        assert schedules, "no schedule in the repository"
        assert any(
            s["scheduleState"]["status"] == "RUNNING" and s["pipelineName"] == JOB
            for s in schedules
        ), schedules
        assert SENSOR in sensors, sorted(sensors)
        assert sensors[SENSOR]["sensorState"]["status"] == "RUNNING", sensors[SENSOR]
        assert sensors[SENSOR]["minIntervalSeconds"] == 30
        assert JOB in {t["pipelineName"] for t in sensors[SENSOR]["targets"] or []}

        # 4. a launched run -------------------------------------------------------------------
        launched = gql(
            LAUNCH,
            {
                "params": {
                    "selector": {**repo, "jobName": JOB},
                    "executionMetadata": {"tags": [{"key": "ruralpulse/test", "value": "ui"}]},
                }
            },
        )["launchRun"]
        run_id = _ok(launched, "LaunchRunSuccess")["run"]["runId"]

        def finished(rid: str) -> Callable[[], dict | None]:
            def check() -> dict | None:
                assert ui.poll() is None, f"`ruralpulse ui` exited with {ui.returncode}{logs()}"
                sample()
                run = _ok(gql(RUN, {"runId": rid})["runOrError"], "Run")
                return run if run["status"] in FINISHED else None

            return check

        t_run = time.monotonic()
        run = _poll(
            f"run {run_id}",
            RUN_TIMEOUT_S,
            finished(run_id),
            interval=1.0,
            context=lambda: _runs_overview(gql) + logs(),
        )
        run_s = time.monotonic() - t_run
        assert run["status"] == "SUCCESS", (
            f"run {run_id} ended {run['status']}:\n{_run_failure_logs(gql, run_id)}{logs()}"
        )
        (fct_rows,) = _read_warehouse(db, "SELECT count(*) FROM core.fct_metric")[0]
        assert fct_rows > 0, "core.fct_metric is empty after a successful run"

        # 5. the inbox sensor ---------------------------------------------------------------
        sensor_filter = {"tags": [{"key": "dagster/sensor_name", "value": SENSOR}]}

        def sensor_runs() -> list[dict]:
            data = gql(RUNS, {"filter": sensor_filter})["runsOrError"]
            return _ok(data, "Runs")["results"]

        # The sensor's first tick (at daemon start, empty cursor) already queued a run for the
        # inbox; let it finish so that the run for the new file is not slowed by it.
        t_drain = time.monotonic()

        def idle() -> bool:
            sample()
            _no_failed_run(gql, logs)
            data = gql(RUNS, {"filter": {"statuses": list(IN_FLIGHT)}})["runsOrError"]
            return not _ok(data, "Runs")["results"]

        try:
            _poll("in-flight runs to finish", DRAIN_TIMEOUT_S, idle, interval=2.0)
        except PollTimeout:
            print(
                f"\n[ruralpulse ui] runs still in flight after {DRAIN_TIMEOUT_S:.0f} s", flush=True
            )
        drain_s = time.monotonic() - t_drain
        before = {r["runId"] for r in sensor_runs()}
        staged = inbox / ".qingshan_2024.txt.part"  # dot files are ignored by the sensor
        staged.write_text(SECOND_DOC, encoding="utf-8")
        staged.rename(inbox / "qingshan_2024.txt")
        t_drop = time.monotonic()

        def new_sensor_run() -> dict | None:
            assert ui.poll() is None, f"`ruralpulse ui` exited with {ui.returncode}{logs()}"
            sample()
            _no_failed_run(gql, logs)
            for r in sensor_runs():
                tags = {t["key"]: t["value"] for t in r["tags"]}
                if r["runId"] in before or not tags.get("dagster/run_key", "").startswith("inbox-"):
                    continue
                assert r["status"] != "FAILURE" and r["status"] != "CANCELED", (
                    f"sensor run {r['runId']} ended {r['status']}:\n"
                    f"{_run_failure_logs(gql, r['runId'])}{logs()}"
                )
                if r["status"] == "SUCCESS":
                    return r
            return None

        sensor_run = _poll(
            "a new inbox_sensor run to succeed",
            SENSOR_TIMEOUT_S,
            new_sensor_run,
            interval=2.0,
            context=lambda: _runs_overview(gql) + logs(),
        )
        sensor_s = time.monotonic() - t_drop
        assert sensor_run["jobName"] == JOB
        docs = _read_warehouse(db, "SELECT source_uri, text FROM raw.documents")
        assert any(uri.endswith("qingshan_2024.txt") for uri, _ in docs), docs
        assert any("12,000 mu" in text for _, text in docs)
        (fct_after,) = _read_warehouse(db, "SELECT count(*) FROM core.fct_metric")[0]
        assert fct_after > fct_rows

        # 6. Ctrl-C ----------------------------------------------------------------------------
        _no_failed_run(gql, logs)
        overview = _runs_overview(gql)
        # A finished run must not keep a slot of a pool (duckdb_writer has one): it would block
        # every later run of the job.
        finished_ids = {
            r["runId"]
            for r in _ok(
                gql(RUNS, {"filter": {"statuses": sorted(FINISHED)}})["runsOrError"], "Runs"
            )["results"]
        }
        leaked = [
            (pool["concurrencyKey"], c["runId"], c["stepKey"])
            for pool in _pools(gql)
            for c in pool["claimedSlots"]
            if c["runId"] in finished_ids
        ]
        assert not leaked, f"pool slots still held by finished runs: {leaked}{overview}"
        sample()
        table = _proc_table()
        tree = _descendants(ui.pid, table)
        seen.update(tree)
        sessions = {i["sid"] for i in tree.values()} | {ui.pid}
        print(
            f"\n[ruralpulse ui] port {port}; /server_info after {t_http:.1f} s, code location "
            f"loaded after {t_loaded:.1f} s"
            f"\n[ruralpulse ui] RSS of the process tree: {idle_rss[0]:.0f} MiB idle "
            f"({idle_rss[1]} processes), peak {peak_rss[0]:.0f} MiB ({peak_rss[1]} processes)"
            f"\n[ruralpulse ui] launched run {run_s:.1f} s; waited {drain_s:.1f} s for other "
            f"runs; sensor run succeeded "
            f"{sensor_s:.1f} s after the file was dropped; fct_metric {fct_rows} -> {fct_after}"
            f"{overview}"
            f"\n[ruralpulse ui] process tree before SIGINT:\n{_describe(tree)}",
            flush=True,
        )
        t_stop = time.monotonic()
        os.kill(ui.pid, signal.SIGINT)
        try:
            code = ui.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            pytest.fail(f"`ruralpulse ui` did not exit {STOP_TIMEOUT_S:.0f} s after SIGINT{logs()}")
        stop_s = time.monotonic() - t_stop
        print(f"[ruralpulse ui] exited with {code} {stop_s:.1f} s after SIGINT", flush=True)

        time.sleep(1.0)  # let the kernel reap what init adopted
        after = _proc_table()
        marker_home, marker_tmp = str(home), str(tmp_path)
        port_tokens = {str(port), f"127.0.0.1:{port}", f"--port={port}", f":{port}"}
        left = {
            pid: info
            for pid, info in after.items()
            if pid != os.getpid()
            and (
                (pid in tree and info["start"] == tree[pid]["start"])  # a descendant survived
                or info["sid"] in sessions  # something in the children's sessions
                or any(marker_home in a or marker_tmp in a for a in info["args"])
                or any(a in port_tokens or a.endswith(f":{port}") for a in info["args"])
            )
        }
        assert not left, (
            f"processes left after `ruralpulse ui` exited ({code}):\n{_describe(left)}{logs()}"
        )
        assert code == 0, f"`ruralpulse ui` exited with {code} after SIGINT{logs()}"
        with pytest.raises((urllib.error.URLError, ConnectionError, OSError)):
            gql.get("/server_info", timeout=2.0)
    finally:
        # Never leave our own processes running, whatever failed above (by pid, ours only).
        if ui.poll() is None:
            seen.update(_descendants(ui.pid))
            with_start = {ui.pid: _proc_table().get(ui.pid, {}).get("start")}
        else:
            with_start = {}
        with_start.update({pid: info["start"] for pid, info in seen.items()})
        for pid, start in with_start.items():
            if start is not None and _alive(pid, start):
                with suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        if ui.poll() is None:
            ui.wait(timeout=10)
