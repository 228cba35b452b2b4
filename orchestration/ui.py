"""`ruralpulse ui`: Dagster's webserver and daemon on loopback, stopped cleanly together.

Each child runs in its own session so that a signal to us reaches the whole tree of
each child; on Ctrl-C or SIGTERM both trees are terminated, then killed if they linger.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

from orchestration import settings

STOP_GRACE_S = 15.0


def _spawn(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(args, env=env, start_new_session=True)


def _stop(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        if p.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(p.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_S
    for p in procs:
        with suppress(subprocess.TimeoutExpired):
            p.wait(timeout=max(0.1, deadline - time.monotonic()))
    for p in procs:
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(p.pid, signal.SIGKILL)  # anything left in the child's session
        if p.poll() is None:
            p.wait()


def serve(db: Path, *, host: str = "127.0.0.1", port: int = 3000) -> int:
    home = settings.ensure_dagster_home(db)
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "RURALPULSE_DB": str(db.absolute()),
        "GX_ANALYTICS_ENABLED": "false",
    }
    bin_dir = Path(sys.executable).parent
    target = ["-m", "orchestration.definitions"]
    # Create (or migrate) the instance's storage once, before two processes race to do it:
    # concurrent first starts can leave two alembic heads and a broken DAGSTER_HOME.
    from dagster import DagsterInstance

    with DagsterInstance.from_config(str(home)) as instance:
        instance.get_runs(limit=1)
    procs = [
        _spawn([str(bin_dir / "dagster-webserver"), "-h", host, "-p", str(port), *target], env),
        _spawn([str(bin_dir / "dagster-daemon"), "run", *target], env),
    ]
    print(f"Dagster UI on http://{host}:{port} (DAGSTER_HOME={home}); Ctrl-C to stop", flush=True)
    stopping = {"flag": False}

    def on_signal(signum, _frame):
        stopping["flag"] = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    try:
        while not stopping["flag"] and all(p.poll() is None for p in procs):
            time.sleep(0.2)
    finally:
        _stop(procs)
    failed = [p for p in procs if p.returncode not in (0, -signal.SIGTERM, -signal.SIGKILL)]
    return 0 if stopping["flag"] or not failed else 1
