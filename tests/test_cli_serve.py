"""`timeline serve` rejects bad input in one line (exit 2) before it contacts any server, and its
help documents every option with examples. The server-side behaviour is in test_schedules_e2e."""

from __future__ import annotations

import argparse

import pytest

from cli.main import main

NO_SERVER = "http://127.0.0.1:9/api"


def _serve(capsys, monkeypatch, *args: str) -> tuple[int, str]:
    """Run `timeline serve ARGS` in this process against an API URL where nothing listens."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: NO_SERVER}):
        code = main(["serve", *args])
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--cron", "61 * * * *"], "invalid --cron '61 * * * *'"),
        (["--cron", "every day"], "invalid --cron 'every day'"),
        (["--since", "2024-13-01"], "unparseable --since date '2024-13-01'"),
        (["--batch-size", "0"], "--batch-size must be at least 1"),
        (["--load-size", "-5"], "--load-size must be at least 1"),
        (["--workers", "0"], "--workers must be at least 1"),
    ],
)
def test_bad_option_is_one_line_and_exit_2_without_contacting_the_server(
    capsys, monkeypatch, shared, args, expected
) -> None:
    code, err = _serve(capsys, monkeypatch, str(shared / "seeds"), *args)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("timeline serve: ")
    assert expected in err
    assert "does not answer" not in err


def test_empty_source_is_rejected_like_a_deployment_run_would(capsys, monkeypatch, shared) -> None:
    code, err = _serve(capsys, monkeypatch, str(shared / "seeds"), "")
    assert code == 2
    assert err.count("\n") == 1
    assert "sources.1" in err


def test_missing_local_source_is_named(capsys, monkeypatch, tmp_path) -> None:
    code, err = _serve(capsys, monkeypatch, str(tmp_path / "absent"))
    assert code == 2
    assert f"source '{tmp_path / 'absent'}' not found" in err


def test_unreachable_server_is_one_line(capsys, monkeypatch, shared) -> None:
    code, err = _serve(capsys, monkeypatch, str(shared / "seeds"), "--warehouse", "w.duckdb")
    assert code == 2
    assert err == f"timeline serve: the Prefect server at {NO_SERVER} does not answer; " + (
        "is `timeline server` running?\n"
    )


def test_local_sources_are_stored_absolute_and_urls_unchanged(shared, monkeypatch) -> None:
    from cli.serve import absolute_source

    monkeypatch.chdir(shared)
    assert absolute_source("seeds") == str(shared.resolve() / "seeds")
    assert absolute_source("folder:seeds") == f"folder:{shared.resolve() / 'seeds'}"
    seeds = shared.resolve() / "seeds"
    assert absolute_source("folder+dayfirst:seeds") == f"folder+dayfirst:{seeds}"
    url = "https://feeds.bbci.co.uk/news/world/rss.xml"
    assert absolute_source(url) == url
    assert absolute_source(f"feed:{url}") == f"feed:{url}"


def test_help_has_examples_and_every_option_explained(capsys) -> None:
    import cli.serve

    parser = argparse.ArgumentParser(prog="timeline serve")
    cli.serve.add_arguments(parser)
    undocumented = [a.dest for a in parser._actions if not a.help]
    assert undocumented == []
    assert main(["serve", "--help"]) == 0
    text = capsys.readouterr().out
    assert "examples:\n  timeline server" in text
    assert "prefect deployment delete ingest/NAME" in text
    for option in ("--load-size", "--since", "--full-refresh", "--batch-size", "--runner"):
        assert option in text
    assert "--workers N" in text and "--replace" in text
