"""Bad dates and hostile sources through the whole ingest flow into DuckDB (real Prefect API,
real HTTP server on 127.0.0.1): each bad record or source ends in `rejects`, the rest loads, and
a source that could not be read at all fails the run."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.sources_http_server import serve
from warehouse import Warehouse

OWN_ID = "substr({c}, strpos({c}, ':') + 1)"
"""SQL for an article id without its per-source namespace (`name:`)."""

pytestmark = pytest.mark.usefixtures("prefect_harness")

DATED = [
    ("no-date", None, "Talks resumed on Monday.", "missing published date"),
    ("garbled", "sometime soon", "Talks resumed on Monday.", "unparseable published date"),
    ("feb-30", "2024-02-30", "Talks resumed on Monday.", "impossible published date"),
    ("far-future", "2999-01-01", "Talks resumed on Monday.", "published in the future"),
    ("late-west", "2024-11-29T23:30:00-05:00", "Talks resumed yesterday.", None),
    ("early-east", "2024-11-30T01:30:00+09:00", "Talks resumed yesterday.", None),
    ("undated-text", "2024-11-29", "The cat sat quietly on the mat.", None),
]


def _ingest(sources: list[str], warehouse: Path, **options) -> dict:
    from flows.ingest import ingest

    return ingest(sources=sources, warehouse=str(warehouse), **options)


def test_bad_dates_are_rejected_with_reasons_and_good_ones_load_in_their_own_offset(
    tmp_path,
) -> None:
    source = tmp_path / "dates.jsonl"
    rows = [{"id": i, "published": p, "title": "", "text": t} for i, p, t, _ in DATED]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = _ingest([str(source)], tmp_path / "w.duckdb")
    assert result["status"] == "completed"
    assert (result["counts"]["new"], result["counts"]["rejected"]) == (3, 4)

    wh = Warehouse(tmp_path / "w.duckdb")
    published = dict(wh.query(f"SELECT {OWN_ID.format(c='id')}, published FROM articles").rows())
    assert published == {
        "late-west": date(2024, 11, 29),
        "early-east": date(2024, 11, 30),
        "undated-text": date(2024, 11, 29),
    }
    yesterday = dict(wh.query(f"SELECT {OWN_ID.format(c='article_id')}, value FROM timexes").rows())
    assert yesterday == {"late-west": "2024-11-28", "early-east": "2024-11-29"}
    counts = wh.query(
        "SELECT (SELECT count(*) FROM timexes WHERE article_id LIKE '%:undated-text'),"
        " (SELECT count(*) FROM events WHERE article_id LIKE '%:undated-text'"
        "  AND anchor = 'timex')"
    ).row(0)
    assert counts == (0, 0)  # its event mention ("sat") is placed by tense, not by a date
    rejects = wh.query("SELECT location, reason, payload, stage FROM rejects").rows()
    assert len(rejects) == 4
    for article_id, _, _, reason in DATED:
        if reason is None:
            continue
        [hit] = [r for r in rejects if f'"id": "{article_id}"' in r[2]]
        assert hit[0].startswith("dates.jsonl:") and reason in hit[1] and hit[3] == "read"


def test_hostile_sources_end_in_rejects_fail_the_run_and_the_other_sources_load(
    tmp_path,
) -> None:
    from flows.ingest import SourcesFailed

    good = tmp_path / "good.jsonl"
    good.write_text('{"id": "g1", "published": "2024-11-29", "text": "Talks resumed on Monday."}\n')
    warehouse = tmp_path / "w.duckdb"
    with serve() as (base, routes):
        hostile = {
            "file:///etc/passwd": "refused URL scheme 'file'",
            "ftp://127.0.0.1/feed.xml": "refused URL scheme 'ftp'",
            f"{base}/to-file": "refused URL scheme 'file'",
            f"page:{base}/bomb.html": "larger than cap: decompresses",
            f"page:{base}/big-declared.html": "larger than cap",
            f"page:{base}/trickle.html": "timed out",
        }
        with pytest.raises(SourcesFailed) as failure:
            _ingest(
                [*hostile, f"{base}/passwd-feed.xml", str(good)], warehouse, timeout=1.0,
                retries=0, max_bytes=1024 * 1024,
            )  # fmt: skip
        assert routes.bytes_sent["/big-declared.html"] < 50 * 1024 * 1024
    result = failure.value.result
    assert result["status"] == "failed" and set(result["failed"]) == set(hostile)
    wh = Warehouse(warehouse)
    rejects = wh.query("SELECT location, reason FROM rejects").rows()
    for spec, reason in hostile.items():
        target = spec.removeprefix("page:")
        hits = [r for loc, r in rejects if loc == target]
        assert hits and reason in hits[0], (spec, rejects)
    ids = set(wh.query(f"SELECT {OWN_ID.format(c='id')} FROM articles").to_series())
    assert ids == {"g1", "e-1", "e-2"}
    leaked = wh.query(
        "SELECT count(*) FROM articles WHERE text LIKE '%root:x:%' OR text LIKE '%/bin/%'"
    ).item()
    assert leaked == 0
