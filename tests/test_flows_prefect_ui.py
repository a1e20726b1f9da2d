"""What the data engineer sees: a real `timeline server` on 127.0.0.1, a `timeline run` against
it, the run and its artifacts read back through the API, and the run page rendered by headless
Chromium (installed by .ci/run)."""

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


@pytest.fixture(scope="module")
def finished_run(shared, prefect_server, tmp_path_factory) -> dict:
    """Run `timeline run` on the seed folder against the server; return the flow run record."""
    base, env = prefect_server
    work = tmp_path_factory.mktemp("ui-run")
    folder = work / "seeds"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    result = subprocess.run(
        [sys.executable, "-m", "cli.main", "run", str(folder), "--warehouse",
         str(work / "wh.duckdb")],  # fmt: skip
        env={**env, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    runs = httpx.post(
        f"{base}/api/flow_runs/filter", json={"sort": "START_TIME_DESC", "limit": 5}
    ).json()
    assert runs, "no flow run recorded on the server"
    return runs[0]


def test_ui_is_configured_to_call_its_own_api(prefect_server) -> None:
    base, _ = prefect_server
    settings = httpx.get(f"{base}/ui-settings").json()
    assert settings["api_url"] == f"{base}/api"


def test_run_is_recorded_completed_with_its_artifacts(prefect_server, finished_run) -> None:
    base, _ = prefect_server
    assert finished_run["state_type"] == "COMPLETED"
    artifacts = httpx.post(
        f"{base}/api/artifacts/filter",
        json={"artifacts": {"flow_run_id": {"any_": [finished_run["id"]]}}},
    ).json()
    by_key = {a["key"]: a for a in artifacts if a["key"]}
    assert {"ingest-counts", "ingest-summary"} <= by_key.keys()
    assert "Events per day" in by_key["ingest-summary"]["data"]
    table = by_key["ingest-counts"]["data"]
    rows = json.loads(table) if isinstance(table, str) else table
    assert any(r["source"] == "TOTAL" and r["events"] >= 4 for r in rows)
    assert any(a["type"] == "progress" for a in artifacts)
    logs = httpx.post(
        f"{base}/api/logs/filter", json={"logs": {"flow_run_id": {"any_": [finished_run["id"]]}}}
    ).json()
    assert any("batch 0 loaded" in log["message"] for log in logs)


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
