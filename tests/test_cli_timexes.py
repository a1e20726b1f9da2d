"""`timeline timexes`: JSONL in/out, readable table, bad input reported per line."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import SEED


def _timexes(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", "timexes", *args], input=stdin, capture_output=True
    )


def test_jsonl_documents_become_scorer_format_predictions() -> None:
    line = {
        "doc_id": "d1",
        "dct": "2024-11-29",
        "text": "He said on Tuesday it took less than two weeks.",
    }
    result = _timexes(stdin=(json.dumps(line) + "\n").encode())
    assert result.returncode == 0, result.stderr
    rows = [json.loads(r) for r in result.stdout.decode().splitlines()]
    assert [(r["text"], r["value"], r["mod"]) for r in rows] == [
        ("Tuesday", "2024-11-26", None),
        ("less than two weeks", "P2W", "LESS_THAN"),
    ]
    for r in rows:
        assert line["text"][r["start"] : r["end"]] == r["text"]
        assert {"doc_id", "type", "earliest", "latest"} <= r.keys()


def test_bad_lines_are_named_and_skipped_while_good_lines_are_tagged() -> None:
    good = json.dumps({"doc_id": "ok", "dct": "2024-11-29", "text": "It ended in 2022."})
    stdin = b"\n".join(
        [
            b"{not json",
            json.dumps({"doc_id": "x", "text": "no date"}).encode(),
            json.dumps({"doc_id": "y", "dct": "2024-02-30", "text": "bad date"}).encode(),
            b"\xff\xfe bytes",
            good.encode(),
        ]
    )
    result = _timexes(stdin=stdin)
    err = result.stderr.decode()
    assert result.returncode == 1
    assert "<stdin>:1: malformed JSON" in err
    assert "<stdin>:2: missing dct" in err
    assert "<stdin>:3: unparseable dct '2024-02-30'" in err
    assert "<stdin>:4: not UTF-8" in err
    assert [json.loads(r)["value"] for r in result.stdout.decode().splitlines()] == ["2022"]


def test_missing_input_file_is_a_fatal_error() -> None:
    result = _timexes("/nonexistent/file.jsonl")
    assert result.returncode == 2
    assert b"cannot open /nonexistent/file.jsonl" in result.stderr


def test_text_option_prints_a_readable_table() -> None:
    result = _timexes("--text", "Trump takes office in January.", "--published", "2024-11-29")
    assert result.returncode == 0
    out = result.stdout.decode()
    assert "2025-01" in out and "2025-01-01" in out and "2025-02-01" in out


def test_article_option_reads_the_seed_form(shared) -> None:
    result = _timexes("--article", str(SEED))
    assert result.returncode == 0, result.stderr
    assert "9 temporal expression(s)" in result.stdout.decode()


def test_timexes_command_does_not_import_prefect_or_duckdb() -> None:
    code = (
        "import sys, io; sys.stdin = io.TextIOWrapper(io.BytesIO(b''));"
        "from cli.main import main;"
        "main(['timexes', '--text', 'now', '--published', '2024-01-01']);"
        "heavy = [m for m in ('prefect', 'duckdb', 'dask') if m in sys.modules];"
        "sys.exit(1 if heavy else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0
