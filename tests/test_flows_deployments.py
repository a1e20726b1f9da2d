"""Deployments of the ingest flow validate their parameters the way Prefect does for a deployment
run, with no server: a served run (the flow pickled by value into a fresh process), a worker's
run (the flow loaded from its entrypoint), and every deployment of prefect.yaml."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

# What a served run does with the flow before it starts: the runner pickles the flow (by value,
# since the module attribute `flows.ingest.ingest` is the Flow, not its function), a fresh spawned
# process unpickles it and validates the parameters the server stored as JSON.
_VALIDATE_IN_FRESH_PROCESS = """
import json, sys, cloudpickle
flow = cloudpickle.loads(sys.stdin.buffer.read())
checked = flow.validate_parameters(json.loads(sys.argv[1]))
print(json.dumps({name: type(value).__name__ for name, value in checked.items()}))
"""


def test_served_flow_validates_json_parameters_in_a_fresh_process() -> None:
    import cloudpickle

    from flows.ingest import ingest
    from flows.runners import make_task_runner

    pickled = cloudpickle.dumps(ingest.with_options(task_runner=make_task_runner("threads", 2)))
    parameters = {"sources": ["a/", "b.jsonl"], "warehouse": "w.duckdb", "since": "2024-11-01"}
    done = subprocess.run(
        [sys.executable, "-c", _VALIDATE_IN_FRESH_PROCESS, json.dumps(parameters)],
        input=pickled,
        capture_output=True,
        cwd="/",
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    types = json.loads(done.stdout.decode().strip().splitlines()[-1])
    assert types["sources"] == "list"
    assert types["since"] == "date"
    assert types["batch_size"] == "int"


def test_flow_loaded_from_its_entrypoint_validates_parameters(monkeypatch) -> None:
    from prefect.flows import load_flow_from_entrypoint

    monkeypatch.chdir(ROOT)
    flow = load_flow_from_entrypoint("flows/ingest.py:ingest", use_placeholder_flow=False)
    checked = flow.validate_parameters({"sources": ["x"], "since": "2024-11-01"})
    assert checked["since"].isoformat() == "2024-11-01"


@pytest.mark.parametrize(
    ("parameters", "expected"),
    [
        ({"sources": [""]}, "sources.0"),
        ({"sources": ["feed.xml", ""]}, "sources.1"),
        ({"sources": []}, "sources"),
        ({"warehouse": "w.duckdb"}, "sources: required parameter missing"),
        ({"sources": ["a"], "batch_size": "many"}, "batch_size"),
        ({"sources": ["a"], "batchsize": 5}, "batchsize: not a parameter of flow 'ingest'"),
    ],
)
def test_invalid_deployment_parameters_are_named_in_one_line(parameters, expected) -> None:
    from flows.deployments import DeploymentConfigError, check_deployment_parameters
    from flows.ingest import ingest

    with pytest.raises(DeploymentConfigError) as raised:
        check_deployment_parameters(ingest, parameters, "nightly")
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith("deployment 'nightly': ")
    assert expected in message


def test_every_prefect_yaml_deployment_validates_against_the_flow_signature(monkeypatch) -> None:
    from prefect.flows import load_flow_from_entrypoint
    from prefect.utilities.callables import parameter_schema
    from prefect.utilities.schema_tools import validate

    deployments = yaml.safe_load((ROOT / "prefect.yaml").read_text())["deployments"]
    assert len(deployments) >= 2
    for deployment in deployments:
        script, _, function = deployment["entrypoint"].partition(":")
        assert (ROOT / script).is_file(), deployment["name"]
        flow = load_flow_from_entrypoint(f"{ROOT / script}:{function}", use_placeholder_flow=False)
        parameters = deployment["parameters"]
        assert len(parameters["sources"]) >= 1
        assert all(isinstance(s, str) and s.strip() for s in parameters["sources"])
        schema = parameter_schema(flow).model_dump_for_openapi()
        validate(parameters, schema, raise_on_error=True, ignore_required=False)
        flow.validate_parameters(parameters)


def test_prefect_yaml_check_returns_the_project_root_for_the_pull_step(monkeypatch) -> None:
    from flows.deployments import check_prefect_yaml

    monkeypatch.chdir(ROOT)
    config = yaml.safe_load((ROOT / "prefect.yaml").read_text())
    assert check_prefect_yaml("prefect.yaml") == {"directory": str(ROOT)}
    build = config["build"][0]["flows.deployments.check_prefect_yaml"]
    pull = config["pull"][0]["prefect.deployments.steps.set_working_directory"]
    assert pull["directory"] == "{{ " + build["id"] + ".directory }}"


def _write_project(tmp_path: Path, parameters: dict) -> Path:
    (tmp_path / "flows").mkdir()
    (tmp_path / "flows" / "ingest.py").write_text((ROOT / "flows" / "ingest.py").read_text())
    config = yaml.safe_load((ROOT / "prefect.yaml").read_text())
    config["deployments"][0]["parameters"] = parameters
    (tmp_path / "prefect.yaml").write_text(yaml.safe_dump(config))
    return tmp_path


@pytest.mark.parametrize(
    ("parameters", "expected"),
    [
        ({"sources": [""], "warehouse": "w.duckdb"}, "sources.0: '' should be non-empty"),
        ({"sources": ["{{ $TIMELINE_SOURCES }}"]}, "sources: set the value in prefect.yaml"),
    ],
)
def test_prefect_deploy_stops_with_one_line_when_a_deployment_is_invalid(
    tmp_path, monkeypatch, parameters, expected
) -> None:
    from flows.deployments import check_prefect_yaml

    monkeypatch.chdir(_write_project(tmp_path, parameters))
    with pytest.raises(SystemExit) as stopped:
        check_prefect_yaml("prefect.yaml")
    message = str(stopped.value.code)
    assert "\n" not in message
    assert "deployment 'world-feeds-pool'" in message
    assert expected in message


def test_prefect_deploy_stops_when_the_entrypoint_file_is_missing(tmp_path, monkeypatch) -> None:
    from flows.deployments import DeploymentConfigError, validate_prefect_yaml

    project = _write_project(tmp_path, {"sources": ["a"]})
    (project / "flows" / "ingest.py").unlink()
    monkeypatch.chdir(project)
    with pytest.raises(DeploymentConfigError, match="entrypoint file flows/ingest.py not found"):
        validate_prefect_yaml()
