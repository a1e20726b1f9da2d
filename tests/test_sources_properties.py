"""Property tests: fuzzed inputs never crash a reader and every record is kept or rejected.

Each property runs a fixed number of Hypothesis cases (`MAX_EXAMPLES`) and prints how many ran.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from xml.sax.saxutils import escape

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flows.sources import ARTICLE_SCHEMA, REJECT_SCHEMA, read_sources

MAX_EXAMPLES = 200
SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

dates = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(
        ["2024-02-30", "2024-11-29T23:30:00-05:00", "29 Nov 2024", "", "soon", "9999-12-31"]
    ),
    st.text(max_size=30),
    st.integers(),
    st.none(),
)
values = st.one_of(st.text(max_size=60), st.integers(), st.none(), st.booleans(), st.floats())
records = st.fixed_dictionaries(
    {},
    optional={
        "id": values,
        "doc_id": values,
        "published": dates,
        "dct": dates,
        "title": values,
        "text": st.one_of(st.text(max_size=80), values, st.lists(st.integers(), max_size=2)),
        "body": values,
        "url": values,
        "language": values,
    },
)
json_lines = st.one_of(
    records.map(lambda r: json.dumps(r).encode()),
    st.text(max_size=80).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.binary(max_size=80),
).map(lambda line: line.replace(b"\n", b" "))


def printable(text: str) -> str:
    """Drop characters XML 1.0 does not allow, so a generated feed stays well-formed."""
    return "".join(ch for ch in text if ch.isprintable())


def read_file(path: Path) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    batches = list(read_sources([str(path)], {}))
    assert batches and batches[-1].done
    articles = pl.concat([b.articles for b in batches])
    rejects = pl.concat([b.rejects for b in batches])
    assert dict(articles.schema) == ARTICLE_SCHEMA
    assert dict(rejects.schema) == REJECT_SCHEMA
    assert articles["text"].str.strip_chars().str.len_chars().min() or articles.height == 0
    return articles, rejects, sum(b.skipped for b in batches)


def report(capsys, reader: str, count: int) -> None:
    with capsys.disabled():
        print(f"\n[hypothesis] {reader}: {count} cases")
    assert count >= MAX_EXAMPLES // 2


def test_fuzzed_jsonl_lines_each_become_an_article_or_a_reject(tmp_path, capsys):
    runs = 0

    @SETTINGS
    @given(st.lists(json_lines, max_size=12))
    def check(lines: list[bytes]) -> None:
        nonlocal runs
        runs += 1
        if lines and lines[0].startswith(b"\x1f\x8b"):
            lines[0] = b" " + lines[0]
        path = tmp_path / f"fuzz{runs}.jsonl"
        path.write_bytes(b"\n".join(lines))
        articles, rejects, skipped = read_file(path)
        expected = sum(1 for line in lines if line.strip())
        assert articles.height + rejects.height + skipped == expected

    check()
    report(capsys, "jsonl", runs)


def test_fuzzed_csv_cells_each_row_becomes_an_article_or_a_reject(tmp_path, capsys):
    runs = 0
    cells = st.one_of(dates, st.text(max_size=40)).map(lambda v: "" if v is None else str(v))

    @SETTINGS
    @given(st.lists(st.lists(cells, min_size=1, max_size=5), max_size=10))
    def check(rows: list[list[str]]) -> None:
        nonlocal runs
        runs += 1
        path = tmp_path / f"fuzz{runs}.csv"
        with path.open("w", newline="", encoding="utf-8", errors="surrogatepass") as stream:
            writer = csv.writer(stream)
            writer.writerow(["id", "published", "title", "text"])
            writer.writerows(rows)
        articles, rejects, skipped = read_file(path)
        assert articles.height + rejects.height + skipped == len(rows)

    check()
    report(capsys, "csv", runs)


def test_fuzzed_text_files_each_become_an_article_or_a_reject(tmp_path, capsys):
    runs = 0
    seedish = st.tuples(dates, st.text(max_size=30), st.text(max_size=80)).map(
        lambda t: f"date {t[0]} {t[1]}\n{t[2]}".encode("utf-8", "surrogatepass")
    )
    front = st.tuples(dates, st.text(max_size=80)).map(
        lambda t: f"---\ndate: {t[0]}\n---\n{t[1]}".encode("utf-8", "surrogatepass")
    )
    contents = st.one_of(seedish, front, st.binary(max_size=120))

    @SETTINGS
    @given(st.lists(contents, max_size=6))
    def check(files: list[bytes]) -> None:
        nonlocal runs
        runs += 1
        folder = tmp_path / f"folder{runs}"
        folder.mkdir()
        for index, content in enumerate(files):
            (folder / f"{index}.txt").write_bytes(content)
        articles, rejects, skipped = read_file(folder)
        assert articles.height + rejects.height + skipped == len(files)

    check()
    report(capsys, "text folder", runs)


def test_fuzzed_feed_items_each_become_an_article_or_a_reject(tmp_path, capsys):
    runs = 0
    xml_text = st.text(
        alphabet=st.characters(exclude_categories=("Cs", "Cc", "Cn")), max_size=60
    ).map(escape)
    item = st.tuples(xml_text, dates.map(lambda d: escape(printable(str(d)))), xml_text).map(
        lambda t: (
            f"<item><title>{t[0]}</title><pubDate>{t[1]}</pubDate>"
            f"<description>{t[2]}</description></item>"
        )
    )
    well_formed = st.lists(item, max_size=5).map(
        lambda items: (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>'
            f"{''.join(items)}</channel></rss>".encode(),
            len(items),
        )
    )
    garbage = st.binary(max_size=200).map(lambda b: (b"<rss>" + b, None))

    @SETTINGS
    @given(st.one_of(well_formed, garbage))
    def check(case: tuple[bytes, int | None]) -> None:
        nonlocal runs
        runs += 1
        body, items = case
        path = tmp_path / f"fuzz{runs}.rss"
        path.write_bytes(body)
        articles, rejects, skipped = read_file(path)
        entry_rejects = rejects.filter(pl.col("location").str.contains("#entry-")).height
        if items is not None:
            assert articles.height + entry_rejects + skipped == items
            assert entry_rejects == rejects.height

    check()
    report(capsys, "feed", runs)
