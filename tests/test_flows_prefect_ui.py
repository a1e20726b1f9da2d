"""What the data engineer sees: a real `timeline server` on 127.0.0.1, `timeline run`s against
it (one that loads, one with a missing source and one answering HTTP 500), the runs, their
names, tags, task runs, logs and artifacts read back through the API, and the run page rendered
by headless Chromium (installed by .ci/run)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import SEED
from tests.sources_http_server import serve

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--virtual-time-budget=30000",
]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def prefect_server(tmp_path_factory):
    """`timeline server` on a free port with its own Prefect home; yields (base URL, env)."""
    home = tmp_path_factory.mktemp("prefect-home")
    port = _free_port()
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    log = open(home / "server.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "server", "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if server.poll() is not None:
            pytest.fail((home / "server.log").read_text())
        time.sleep(1)
    else:
        os.killpg(server.pid, signal.SIGKILL)
        pytest.fail("prefect server did not start in 180 s")
    try:
        yield base, {**env, "PREFECT_API_URL": f"{base}/api"}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()


def _timeline_run(env: dict, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", "run", *arguments],
        env={**env, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def _latest_run(base: str) -> dict:
    runs = httpx.post(
        f"{base}/api/flow_runs/filter", json={"sort": "START_TIME_DESC", "limit": 5}
    ).json()
    assert runs, "no flow run recorded on the server"
    return runs[0]


def _seed_folder(work: Path) -> Path:
    folder = work / "seeds"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    return folder


@pytest.fixture(scope="module")
def finished_run(shared, prefect_server, tmp_path_factory) -> dict:
    """Run `timeline run` on the seed folder against the server; return the flow run record."""
    base, env = prefect_server
    work = tmp_path_factory.mktemp("ui-run")
    result = _timeline_run(env, str(_seed_folder(work)), "--warehouse", str(work / "wh.duckdb"))
    assert result.returncode == 0, result.stderr[-3000:]
    return {**_latest_run(base), "warehouse": str(work / "wh.duckdb")}


@pytest.fixture(scope="module")
def failed_run(shared, prefect_server, tmp_path_factory) -> dict:
    """`timeline run` on the seeds, a missing file and a URL answering HTTP 500 every time:
    the flow run record, the exit code, stderr and the 500 URL."""
    base, env = prefect_server
    work = tmp_path_factory.mktemp("ui-failed-run")
    missing = work / "missing.jsonl"
    with serve() as (http_base, routes):
        broken = f"page:{http_base}/500"
        result = _timeline_run(
            env, str(_seed_folder(work)), str(missing), broken,
            "--warehouse", str(work / "failing.duckdb"),
        )  # fmt: skip
        attempts = routes.hits["/500"]
    return {
        "run": _latest_run(base), "returncode": result.returncode, "stderr": result.stderr,
        "stdout": result.stdout, "missing": str(missing), "url": f"{http_base}/500",
        "attempts": attempts,
    }  # fmt: skip


def test_ui_is_configured_to_call_its_own_api(prefect_server) -> None:
    base, _ = prefect_server
    settings = httpx.get(f"{base}/ui-settings").json()
    assert settings["api_url"] == f"{base}/api"


def test_run_is_recorded_completed_with_its_artifacts(prefect_server, finished_run) -> None:
    from flows.naming import artifact_key

    base, _ = prefect_server
    assert finished_run["state_type"] == "COMPLETED"
    artifacts = httpx.post(
        f"{base}/api/artifacts/filter",
        json={"artifacts": {"flow_run_id": {"any_": [finished_run["id"]]}}},
    ).json()
    by_key = {a["key"]: a for a in artifacts if a["key"]}
    counts = artifact_key("counts", finished_run["warehouse"])
    summary = artifact_key("summary", finished_run["warehouse"])
    assert {counts, summary, artifact_key("timeline", finished_run["warehouse"])} <= by_key.keys()
    assert "Events per day" in by_key[summary]["data"]
    table = by_key[counts]["data"]
    rows = json.loads(table) if isinstance(table, str) else table
    assert any(r["source"] == "TOTAL" and r["events"] >= 4 for r in rows)
    assert any(a["type"] == "progress" for a in artifacts)
    logs = _logs(base, finished_run["id"], lambda logs: any("batch 0 loaded" in x for x in logs))
    assert any("batch 0 loaded" in log["message"] for log in logs)


def test_run_is_named_after_its_sources_and_tagged_per_source_and_warehouse(
    prefect_server, finished_run
) -> None:
    base, _ = prefect_server
    assert finished_run["name"] == "ingest 1 source: seeds → wh"
    assert {"source:seeds", "warehouse:wh"} <= set(finished_run["tags"])
    tasks = httpx.post(
        f"{base}/api/task_runs/filter",
        json={"task_runs": {"flow_run_id": {"any_": [finished_run["id"]]}}},
    ).json()
    names = {task["name"] for task in tasks}
    assert {"stage seeds", "normalise seeds batch 0", "load seeds batch 0"} <= names


def test_failed_sources_fail_the_run_and_exit_1_naming_each_on_one_line(
    prefect_server, failed_run
) -> None:
    run, missing, url = failed_run["run"], failed_run["missing"], failed_run["url"]
    assert failed_run["returncode"] == 1, failed_run["stderr"][-3000:]
    [line] = [x for x in failed_run["stderr"].splitlines() if x.startswith("timeline run:")]
    assert line.startswith("timeline run: 2 of 3 source(s) failed: ")
    assert f"missing.jsonl (file not found: {missing})" in line
    assert f"(HTTP 500 from {url} (after 4 attempts))" in line
    assert run["state_type"] == "FAILED" and run["name"].startswith("ingest 3 sources: seeds")
    assert f"file not found: {missing}" in run["state"]["message"]
    assert f"HTTP 500 from {url} (after 4 attempts)" in run["state"]["message"]
    assert {"source:seeds", "source:missing.jsonl", "warehouse:failing"} <= set(run["tags"])
    assert "seeds" in failed_run["stdout"] and failed_run["attempts"] == 4


def _logs(base: str, flow_run_id: str, until, wait: float = 30.0) -> list[dict]:
    """The flow run's logs, read again until `until(messages)` holds or `wait` s pass: the
    server stores posted logs in the background, a moment after the run has sent them."""
    deadline = time.monotonic() + wait
    while True:
        logs = httpx.post(
            f"{base}/api/logs/filter",
            json={"logs": {"flow_run_id": {"any_": [flow_run_id]}}, "limit": 200},
        ).json()
        if until([log["message"] for log in logs]) or time.monotonic() > deadline:
            return logs
        time.sleep(0.5)


def test_failed_run_logs_each_retry_and_each_failed_source(prefect_server, failed_run) -> None:
    base, _ = prefect_server
    run, url = failed_run["run"], failed_run["url"]
    logs = _logs(base, run["id"], lambda logs: any("batch 0 loaded: 1 new" in x for x in logs))
    retries = [log["message"] for log in logs if log["level"] == 30 and url in log["message"]]
    assert [m.split(";")[0] for m in retries] == [
        f"attempt {n}/4 failed: HTTP 500 from {url}" for n in (1, 2, 3)
    ]
    assert all("retrying in" in m for m in retries)
    errors = [log["message"] for log in logs if log["level"] == 40]
    assert any(failed_run["missing"] in m and "file not found" in m for m in errors)
    assert any(f"HTTP 500 from {url} (after 4 attempts)" in m for m in errors)
    loaded = [log["message"] for log in logs if "batch 0 loaded: 1 new" in log["message"]]
    assert loaded, "the seed folder did not load"


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium not installed")
def test_run_page_and_summary_artifact_render_in_headless_chromium(
    prefect_server, finished_run, tmp_path
) -> None:
    base, _ = prefect_server
    page = f"{base}/runs/flow-run/{finished_run['id']}"
    shot = tmp_path / "run.png"
    subprocess.run(
        ["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
         "--window-size=1400,1000", f"--screenshot={shot}", page],  # fmt: skip
        capture_output=True, timeout=120, check=True,
    )  # fmt: skip
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    dom = ""
    for attempt in range(3):
        dom = subprocess.run(
            [
                "chromium",
                *CHROMIUM_FLAGS,
                f"--user-data-dir={tmp_path / f'profile{attempt}'}",
                "--dump-dom",
                page,
            ],  # fmt: skip
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout
        if finished_run["name"] in dom:
            break
    assert finished_run["name"] in dom and "Completed" in dom
