"""Checks for deployments of the ingest flow, shared by `timeline serve` and `prefect.yaml`.

A deployment's parameters are stored on the server and only validated when a run starts, so a
bad value (an empty source left by an unset environment variable, a misspelt option) used to
surface as a failed run at the next tick of the schedule. Here they are validated up front, the
way the flow run itself will validate them: against the flow's parameter schema (JSON schema, as
the server and UI use it) and with the flow's own pydantic validation.

`check_prefect_yaml` is a `prefect deploy` build step: it fails the deploy with one clear line
per problem, and returns the project directory for the pull step that tells the worker where the
code lives.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class DeploymentConfigError(ValueError):
    """A deployment's configuration is invalid; the message says which part and why."""


def parameter_problems(flow: Any, parameters: dict[str, Any]) -> list[str]:
    """What is wrong with `parameters` for `flow`, one readable line per problem (empty: valid).

    Required parameters must be present, every value must match the flow's parameter schema,
    and the flow's pydantic validation (what a run does before it starts) must accept them."""
    from prefect.exceptions import ParameterTypeError
    from prefect.utilities.callables import parameter_schema
    from prefect.utilities.schema_tools import validate

    schema = parameter_schema(flow).model_dump_for_openapi()
    missing = [name for name in schema.get("required", []) if name not in parameters]
    problems = [f"{name}: required parameter missing" for name in missing]
    unknown = sorted(set(parameters) - set(schema.get("properties", {})))
    problems += [f"{name}: not a parameter of flow {flow.name!r}" for name in unknown]
    if problems:
        return problems
    for error in validate(parameters, schema, raise_on_error=False, ignore_required=True):
        where = ".".join(str(part) for part in error.path) or "parameters"
        problems.append(f"{where}: {error.message}")
    if problems:
        return problems
    try:
        flow.validate_parameters(parameters)
    except ParameterTypeError as exc:
        lines = [line.strip(" -") for line in str(exc).splitlines()[1:] if line.strip()]
        problems += lines or [str(exc)]
    return problems


def check_deployment_parameters(flow: Any, parameters: dict[str, Any], name: str) -> None:
    """Raise `DeploymentConfigError` naming deployment `name` if `parameters` do not validate."""
    problems = parameter_problems(flow, parameters)
    if problems:
        raise DeploymentConfigError(f"deployment {name!r}: {'; '.join(problems)}")


def load_deployments(prefect_file: str | Path) -> list[dict[str, Any]]:
    """The `deployments` list of a prefect.yaml file."""
    path = Path(prefect_file)
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise DeploymentConfigError(f"cannot read {path}: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise DeploymentConfigError(f"{path} is not valid YAML: {exc}") from None
    deployments = config.get("deployments") if isinstance(config, dict) else None
    if not isinstance(deployments, list) or not deployments:
        raise DeploymentConfigError(f"{path} has no deployments")
    return deployments


def deployment_problems(deployment: dict[str, Any], project_dir: Path) -> list[str]:
    """What is wrong with one prefect.yaml deployment entry run from `project_dir`."""
    from prefect.flows import load_flow_from_entrypoint

    entrypoint = str(deployment.get("entrypoint") or "")
    script, _, function = entrypoint.rpartition(":")
    if not script or not function:
        return [f"entrypoint {entrypoint!r} is not PATH.py:FUNCTION"]
    if not (project_dir / script).is_file():
        return [f"entrypoint file {script} not found under {project_dir}"]
    parameters = deployment.get("parameters") or {}
    if not isinstance(parameters, dict):
        return ["parameters must be a mapping of name: value"]
    templated = [name for name, value in parameters.items() if "{{" in str(value)]
    if templated:
        return [
            f"{name}: set the value in prefect.yaml; templates such as '{{{{ $VAR }}}}' "
            "become empty strings when the variable is unset"
            for name in templated
        ]
    flow = load_flow_from_entrypoint(str(project_dir / entrypoint), use_placeholder_flow=False)
    return parameter_problems(flow, parameters)


def validate_prefect_yaml(prefect_file: str | Path = "prefect.yaml") -> Path:
    """Validate every deployment of `prefect_file`, run from the project root (the current
    directory, as for `prefect deploy`); return that root.

    Raises `DeploymentConfigError` naming each invalid deployment and what is wrong with it."""
    project_dir = Path.cwd().resolve()
    problems = []
    for number, deployment in enumerate(load_deployments(project_dir / prefect_file)):
        name = deployment.get("name") or f"#{number + 1}"
        problems += [
            f"deployment {name!r}: {p}" for p in deployment_problems(deployment, project_dir)
        ]
    if problems:
        raise DeploymentConfigError(f"{prefect_file}: " + "; ".join(problems))
    return project_dir


def check_prefect_yaml(prefect_file: str = "prefect.yaml") -> dict[str, str]:
    """`prefect deploy` build step: stop the deploy, with one line per problem, when a deployment
    of `prefect_file` is invalid; else return `{"directory": project root}` for the pull step.

    Exits (SystemExit) rather than raising, so `prefect deploy` ends with the message instead of
    a traceback around it."""
    try:
        project_dir = validate_prefect_yaml(prefect_file)
    except DeploymentConfigError as exc:
        raise SystemExit(f"prefect deploy stopped by the timeline check: {exc}") from None
    return {"directory": str(project_dir)}
