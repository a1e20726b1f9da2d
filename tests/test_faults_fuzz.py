"""Fuzzed Parquet files and HTML pages: no reader crash, every record an article or a reject.

Parquet tables get random columns (names, Arrow types, values, nulls) and are written with
pyarrow; HTML pages (random markup, random bytes, odd charsets, well-formed articles) are served
by a real HTTP server on 127.0.0.1. Each property runs `MAX_EXAMPLES` cases and prints how many
ran. What the readers accept is then loaded into a real DuckDB warehouse, which must take it all.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from flows.sources import HttpOptions, read_sources
from flows.sources.dates import MIN_YEAR
from tests.sources_http_server import ARTICLE_BODY, serve
from warehouse import Warehouse

MAX_EXAMPLES = 200
SETTINGS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
TODAY = datetime.now(UTC).date()
CRASH_PREFIX = "reader failed"

text_values = st.text(max_size=40)
zones = st.sampled_from(["UTC", "+05:00", "-09:30", "Asia/Kolkata", "America/New_York"])
COLUMN_TYPES: dict[str, tuple[pa.DataType, st.SearchStrategy]] = {
    "string": (pa.string(), text_values),
    "large_string": (pa.large_string(), text_values),
    "int64": (pa.int64(), st.integers(-(2**63), 2**63 - 1)),
    "int8": (pa.int8(), st.integers(-128, 127)),
    "float64": (pa.float64(), st.floats()),
    "bool": (pa.bool_(), st.booleans()),
    "date32": (pa.date32(), st.dates()),
    "timestamp": (pa.timestamp("us"), st.datetimes()),
    "binary": (pa.binary(), st.binary(max_size=20)),
    "list": (pa.list_(pa.int64()), st.lists(st.integers(-5, 5), max_size=3)),
    "struct": (pa.struct([("a", pa.string())]), st.fixed_dictionaries({"a": text_values})),
}
COLUMN_NAMES = st.one_of(
    st.sampled_from(
        [
            "id",
            "published",
            "title",
            "text",
            "url",
            "source",
            "language",
            "doc_id",
            "dct",
            "Date",
            "BODY",
            "headline",
            "link",
            "lang",
            "extra",
        ]
    ),  # fmt: skip
    st.text(min_size=1, max_size=8),
)
ISO_DATES = st.one_of(
    st.dates().map(date.isoformat),
    st.sampled_from(["2024-02-30", "2024-11-29T23:30:00-05:00", "9999-12-31", "soon", ""]),
)


@st.composite
def parquet_tables(draw: st.DrawFn) -> pa.Table:
    """A table of 0-8 rows whose columns have random names, Arrow types, values and nulls.

    Usually it has id/published/text columns of the right types, so that good rows occur.
    """
    rows = draw(st.integers(0, 8))
    columns: dict[str, pa.Array] = {}
    wanted = draw(st.booleans())
    if wanted:
        columns["id"] = _column(draw, "words", rows)
        published_type = draw(st.sampled_from(["date32", "date32", "timestamp_tz", "string"]))
        columns["published"] = _column(draw, published_type, rows)
        columns["text"] = _column(draw, "words", rows)
    for name in draw(st.lists(COLUMN_NAMES, max_size=2 if wanted else 5, unique=True)):
        if name not in columns:
            columns[name] = _column(draw, draw(st.sampled_from(sorted(COLUMN_TYPES))), rows)
    if not columns:
        return pa.table({"empty": pa.array([], pa.string())})
    return pa.table(columns)


def _column(draw: st.DrawFn, kind: str, rows: int) -> pa.Array:
    if kind == "timestamp_tz":
        zone = draw(zones)
        values = draw(st.lists(st.none() | st.datetimes(), min_size=rows, max_size=rows))
        return pa.array(values, pa.timestamp("s", tz=zone))
    if kind == "string" and draw(st.booleans()):
        values = draw(st.lists(st.none() | ISO_DATES | text_values, min_size=rows, max_size=rows))
        return pa.array(values, pa.string())
    if kind == "words":
        words = st.text(st.characters(categories=("L", "N")), min_size=1, max_size=30)
        values = draw(
            st.lists(st.one_of(st.none(), text_values, words, words), min_size=rows, max_size=rows)
        )
        return pa.array(values, pa.string())
    arrow_type, strategy = COLUMN_TYPES[kind]
    values = draw(st.lists(st.none() | strategy, min_size=rows, max_size=rows))
    return pa.array(values, arrow_type)


YEAR_ONE_WEST_OF_UTC = pa.table(
    {
        "id": ["early"],
        "published": pa.array([datetime(1, 1, 1)], type=pa.timestamp("s", tz="-09:30")),
        "text": ["A row dated before year 1 once local time is applied."],
    }
)
"""A row no Python datetime can hold (hypothesis found it): it must become a reject."""


def _rows(table: pa.Table) -> list[dict[str, Any]]:
    """The table's rows as Python values; a zoned timestamp Python cannot hold (year 1 at
    -09:30) becomes None, which no clearly good row has."""

    def value(scalar: pa.Scalar) -> Any:
        try:
            return scalar.as_py()
        except (OverflowError, ValueError):
            return None

    columns = table.column_names
    return [{name: value(table.column(name)[i]) for name in columns} for i in range(table.num_rows)]


def _clearly_good(row: dict[str, Any]) -> bool:
    """A row the reader must accept: string id and text, a past calendar date from `MIN_YEAR`
    on (earlier ones are refused as placeholders), plain strings."""
    published = row.get("published")
    others = [v for k, v in row.items() if k not in ("id", "published", "text")]
    return (
        isinstance(row.get("id"), str)
        and row["id"].strip() != ""
        and type(published) is date
        and date(MIN_YEAR, 1, 1) <= published <= TODAY
        and isinstance(row.get("text"), str)
        and row["text"].strip() != ""
        and all(v is None or isinstance(v, str) for v in others)
    )


def _read(spec: str, http: HttpOptions | None = None) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    batches = list(read_sources([spec], {}, batch_size=3, http=http))
    assert batches[-1].done
    articles = pl.concat([b.articles for b in batches])
    rejects = pl.concat([b.rejects for b in batches])
    reasons = rejects.get_column("reason").to_list()
    assert all(r and r.strip() and not r.startswith(CRASH_PREFIX) for r in reasons), reasons
    return articles, rejects, sum(b.skipped for b in batches)


def _load_everything(path: Path, accepted: list[pl.DataFrame]) -> None:
    """The warehouse takes every article the readers accepted (ids made unique per case)."""
    articles = pl.concat(accepted)
    wh = Warehouse(path)
    loaded = wh.load_batch(wh.start_run(sources=["fuzz"]), articles)
    assert loaded.rejects == 0
    assert loaded.articles_new == articles.get_column("id").n_unique()


def _report(capsys, reader: str, count: int, accepted: int, rejected: int) -> None:
    with capsys.disabled():
        print(f"\n[hypothesis] {reader}: {count} cases ({accepted} articles, {rejected} rejects)")
    assert count >= MAX_EXAMPLES


def test_fuzzed_parquet_rows_each_become_an_article_or_a_reject_and_good_rows_load(
    tmp_path, capsys
):
    runs, accepted, rejected = 0, [], 0

    @SETTINGS
    @given(parquet_tables())
    @example(YEAR_ONE_WEST_OF_UTC)
    def check(table: pa.Table) -> None:
        nonlocal runs, rejected
        runs += 1
        path = tmp_path / f"fuzz{runs}.parquet"
        pq.write_table(table, path)
        articles, rejects, skipped = _read(str(path))
        assert articles.height + rejects.height + skipped == table.num_rows
        assert all("#row-" in location for location in rejects.get_column("location"))
        good = [row["id"].strip() for row in _rows(table) if _clearly_good(row)]
        assert set(good) <= {own.split(":", 1)[1] for own in articles.get_column("id")}
        rejected += rejects.height
        accepted.append(articles.with_columns(pl.format("case{}:{}", pl.lit(runs), pl.col("id"))))

    check()
    _load_everything(tmp_path / "w.duckdb", accepted)
    _report(capsys, "parquet", runs, sum(a.height for a in accepted), rejected)


TAGS = ["p", "div", "article", "h1", "title", "script", "style", "meta", "time", "span", "a",
    "table", "td", "!--", "![CDATA[", "?xml", "html", "head", "body", "iframe", "svg"]  # fmt: skip
ATTRIBUTES = st.sampled_from(
    ['property="article:published_time"', 'name="date"', 'itemprop="datePublished"',
     'datetime="', 'content="', 'lang="', 'charset="', 'class="post"', "x"]
)  # fmt: skip
markup_text = st.one_of(text_values, ISO_DATES, st.just(ARTICLE_BODY[:200]))


@st.composite
def markup(draw: st.DrawFn, depth: int = 0) -> str:
    """Random, often broken, HTML: nested tags, stray attributes and unclosed elements."""
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        tag = draw(st.sampled_from(TAGS))
        attrs = " ".join(
            a + (draw(markup_text).replace('"', "") + '"' if a.endswith('"') else "")
            for a in draw(st.lists(ATTRIBUTES, max_size=2))
        )
        inner = draw(markup(depth + 1)) if depth < 3 and draw(st.booleans()) else draw(markup_text)
        close = draw(st.sampled_from([f"</{tag}>", "", "</div>", ">"]))
        parts.append(f"<{tag} {attrs}>{inner}{close}")
    return "".join(parts)


@st.composite
def article_pages(draw: st.DrawFn) -> tuple[bytes, str, date]:
    """A well-formed article page dated in its meta data: it must load with that date."""
    published = draw(st.dates(date(2005, 1, 1), TODAY - timedelta(days=2)))
    title = draw(st.text(st.characters(categories=("L", "N", "Zs")), max_size=30))
    stamp = datetime(published.year, published.month, published.day, 8, tzinfo=UTC)
    html = (
        f'<!DOCTYPE html><html lang="en"><head><title>{title or "News"}</title>'
        f'<meta property="article:published_time" content="{stamp.isoformat()}"></head>'
        f"<body><article><h1>{title or 'News'}</h1>"
        + "".join(f"<p>{ARTICLE_BODY} ({n})</p>" for n in range(3))
        + "</article></body></html>"
    )
    return html.encode(), "text/html; charset=utf-8", published


random_pages = st.tuples(
    st.one_of(
        markup().map(lambda m: f"<html><body>{m}</body></html>".encode("utf-8", "surrogatepass")),
        markup().map(lambda m: m.encode("latin-1", "replace")),
        st.binary(max_size=300),
    ),
    st.sampled_from(
        [
            "text/html",
            "text/html; charset=bogus",
            "text/html; charset=latin-1",
            "application/octet-stream",
            "",
        ]
    ),  # fmt: skip
    st.none(),
)


def test_fuzzed_html_pages_from_a_real_server_each_become_an_article_or_a_reject(tmp_path, capsys):
    runs, accepted, rejected = 0, [], 0
    http = HttpOptions(
        connect_timeout=2.0, read_timeout=2.0, total_timeout=4.0, retries=0, trust_env=False
    )
    with serve() as (base, routes):

        @SETTINGS
        @given(st.one_of(article_pages(), random_pages))
        def check(case: tuple[bytes, str, date | None]) -> None:
            nonlocal runs, rejected
            runs += 1
            body, content_type, published = case
            routes.pages[f"case{runs}.html"] = (body, content_type)
            url = f"{base}/pages/case{runs}.html"
            articles, rejects, skipped = _read(f"page:{url}", http)
            assert articles.height + rejects.height + skipped == 1
            if published is not None:
                assert articles.rows(named=True)[0]["published"] == published
                assert "ceasefire with Russia" in articles.get_column("text")[0]
            rejected += rejects.height
            accepted.append(articles)

        check()
    _load_everything(tmp_path / "w.duckdb", accepted)
    _report(capsys, "html pages", runs, sum(a.height for a in accepted), rejected)
