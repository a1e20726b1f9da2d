"""Issue 10, data faults: nothing silently lost, overwritten or guessed.

Each test builds its own hostile input and reads it with the real readers (and, where the
outcome is about storage, a real DuckDB warehouse)."""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from cli.main import main
from flows.sources import read_sources
from flows.sources.dates import DateError, parse_published
from tests import warehouse_data as data
from warehouse import Warehouse
from warehouse.export import EXPORT_MARKER


def read_all(specs, state=None, **kwargs) -> tuple[list, pl.DataFrame, pl.DataFrame]:
    batches = list(read_sources(specs, state or {}, **kwargs))
    return (
        batches,
        pl.concat([b.articles for b in batches]),
        pl.concat([b.rejects for b in batches]),
    )


def local_ids(articles: pl.DataFrame) -> list[str]:
    """Article ids without their per-source namespace (`name:`)."""
    return [value.split(":", 1)[1] for value in articles["id"].to_list()]


# Item 10: publication dates are read or refused, never guessed.


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("Mon, 01 Jan 0001 00:00:00 GMT", "implausible published date"),
        ("0001-01-01", "implausible published date"),
        ("-2024-01-01", "signed year"),
        ("03/04/2024", "day and month could be swapped"),
        ("01/02/03", "write the year with four digits"),
        ("29 Nov 24", "write the year with four digits"),
        ("31/02/2024", "impossible published date"),
        ("13/13/2024", "no day/month order fits"),
    ],
)
def test_ambiguous_or_impossible_publication_date_is_refused_with_its_reason(written, reason):
    with pytest.raises(DateError, match=reason):
        parse_published(written)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("29/11/2024", date(2024, 11, 29)),
        ("11/29/2024", date(2024, 11, 29)),
        ("04/04/2024", date(2024, 4, 4)),
        ("Fri, 29 Nov 2024 10:00:00 GMT", date(2024, 11, 29)),
        ("29 November 2024", date(2024, 11, 29)),
        ("2024-11-29T23:30:00-05:00", date(2024, 11, 29)),
    ],
)
def test_unambiguous_publication_date_is_read(written, expected):
    assert parse_published(written) == expected


def test_day_first_prefix_reads_a_files_ambiguous_dates_day_first(tmp_path):
    path = tmp_path / "dmy.csv"
    path.write_text(
        "id,published,text\n"
        "a,03/04/2024,Swappable date.\n"
        "b,29/11/2024,Clearly day-first.\n"
        "c,11/29/2024,Month-first in a day-first file.\n"
    )
    _, plain, plain_rejects = read_all([str(path)])
    _, articles, rejects = read_all([f"csv+dayfirst:{path}"])
    assert sorted(local_ids(plain)) == ["b", "c"]
    assert "could be swapped" in plain_rejects["reason"][0]
    assert dict(zip(local_ids(articles), articles["published"], strict=True)) == {
        "a": date(2024, 4, 3),
        "b": date(2024, 11, 29),
    }
    assert rejects["location"].to_list() == ["dmy.csv:4"]
    assert "read dayfirst" in rejects["reason"][0]


def test_month_first_prefix_without_a_kind_reads_dates_month_first(tmp_path):
    path = tmp_path / "mdy.csv"
    path.write_text("id,published,text\na,03/04/2024,Swappable date.\n")
    _, articles, _ = read_all([f"monthfirst:{path}"])
    assert articles["published"].to_list() == [date(2024, 3, 4)]


def test_rss_placeholder_year_and_swappable_date_are_rejects_not_guesses(tmp_path):
    feed = tmp_path / "news.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        "<item><guid>p1</guid><title>Placeholder</title><description>Some text here."
        "</description><pubDate>Mon, 01 Jan 0001 00:00:00 GMT</pubDate></item>"
        "<item><guid>p2</guid><title>Real</title><description>Other text here.</description>"
        "<pubDate>Fri, 29 Nov 2024 10:00:00 GMT</pubDate></item>"
        "<item><guid>p3</guid><title>Swapped</title><description>Third text here.</description>"
        "<pubDate>03/04/2024</pubDate></item></channel></rss>"
    )
    _, articles, rejects = read_all([str(feed)])
    assert articles["published"].to_list() == [date(2024, 11, 29)]
    assert rejects.height == 2
    assert "implausible" in rejects["reason"][0] and "swapped" in rejects["reason"][1]


# Item 9: silent changes.


def test_unterminated_quote_is_one_reject_and_the_rows_after_it_are_read(tmp_path):
    path = tmp_path / "quote.csv"
    rows = [f"r{i},2024-11-{i + 10:02d},Text number {i}." for i in range(1, 9)]
    rows[2] = 'r3,2024-11-13,"This quote never closes.'
    path.write_text("id,published,text\n" + "\n".join(rows) + "\n")
    _, articles, rejects = read_all([str(path)])
    assert sorted(local_ids(articles)) == ["r1", "r2", "r4", "r5", "r6", "r7", "r8"]
    assert rejects["location"].to_list() == ["quote.csv:4"]
    assert "unterminated quote" in rejects["reason"][0]
    assert "never closes" in rejects["payload"][0]


def test_quoted_field_over_several_lines_is_still_one_article(tmp_path):
    path = tmp_path / "multi.csv"
    path.write_text('id,published,text\na,2024-11-29,"Line one,\nline two."\nb,2024-11-28,B.\n')
    _, articles, rejects = read_all([str(path)])
    assert rejects.height == 0
    assert articles["text"].to_list() == ["Line one,\nline two.", "B."]


def test_duplicate_csv_header_refuses_the_file_naming_the_column(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("id,text,published,Text\na,First.,2024-11-29,Second.\n")
    batches, articles, rejects = read_all([str(path)])
    assert articles.height == 0
    assert batches[-1].failure is not None
    assert "names column 'Text' twice (columns 2 and 4)" in rejects["reason"][0]


@pytest.mark.parametrize("text", ["NaN", "42", "4.5", "true", '["a"]'])
def test_json_text_that_is_not_a_string_is_a_reject(tmp_path, text):
    path = tmp_path / "typed.jsonl"
    path.write_text(
        '{"id": "bad", "published": "2024-11-29", "text": ' + text + "}\n"
        '{"id": "ok", "published": "2024-11-29", "text": "Real text."}\n'
    )
    _, articles, rejects = read_all([str(path)])
    assert local_ids(articles) == ["ok"]
    assert rejects["reason"][0].startswith("text must be a string")


def test_nan_title_is_a_reject_not_the_string_nan(tmp_path):
    path = tmp_path / "typed.jsonl"
    path.write_text('{"id": "t", "published": "2024-11-29", "title": NaN, "text": "Text."}\n')
    _, articles, rejects = read_all([str(path)])
    assert articles.height == 0 and "title must be a string" in rejects["reason"][0]


def test_rereading_with_the_right_prefix_after_a_wrong_one_reads_the_file(tmp_path):
    path = tmp_path / "export.dat"
    path.write_text("id,published,text\na,2024-11-29,Text A.\nb,2024-11-28,Text B.\n")
    batches, wrong, wrong_rejects = read_all([f"jsonl:{path}"])
    assert wrong.height == 0 and wrong_rejects.height == 3
    key = batches[-1].source_key
    state = {key: batches[-1].state}
    batches, right, _ = read_all([f"csv:{path}"], state)
    assert sorted(local_ids(right)) == ["a", "b"]
    again, unchanged, _ = read_all([f"csv:{path}"], {key: batches[-1].state})
    assert unchanged.height == 0 and again[-1].state["reader"] == "csv"


# Item 5: the record cap bounds what a reader holds, and an over-long record is a reject.


@pytest.mark.parametrize("compress", [False, True])
def test_csv_record_over_the_cap_is_a_reject_and_later_rows_load(tmp_path, compress):
    body = (
        "id,published,text\n"
        "a,2024-11-29,Short.\n"
        f"b,2024-11-29,{'x' * 5000}\n"
        'c,2024-11-29,"' + "quoted line\n" * 500 + '"\n'
        "d,2024-11-29,Also short.\n"
    ).encode()
    path = tmp_path / ("big.csv.gz" if compress else "big.csv")
    path.write_bytes(gzip.compress(body) if compress else body)
    _, articles, rejects = read_all([str(path)], max_record_bytes=1000)
    assert sorted(local_ids(articles)) == ["a", "d"]
    assert [loc.split(":")[1] for loc in rejects["location"]] == ["3", "4"]
    assert all("larger than cap (1000 characters)" in reason for reason in rejects["reason"])


def test_csv_header_over_the_cap_fails_the_file_in_one_line(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("id,text," + "x" * 3000 + "\n")
    batches, _, rejects = read_all([str(path)], max_record_bytes=1000)
    assert batches[-1].failure is not None and "\n" not in batches[-1].failure
    assert "unreadable CSV header" in rejects["reason"][0]


def test_jsonl_line_over_the_cap_is_a_reject(tmp_path):
    path = tmp_path / "big.jsonl"
    rows = [
        {"id": "a", "published": "2024-11-29", "text": "x" * 5000},
        {"id": "b", "published": "2024-11-29", "text": "Fine."},
    ]
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\n")
    _, articles, rejects = read_all([str(path)], max_record_bytes=1000)
    assert local_ids(articles) == ["b"]
    assert rejects["location"].to_list() == ["big.jsonl:1"]


def test_unterminated_quote_in_a_file_larger_than_the_cap_costs_one_row(tmp_path):
    path = tmp_path / "long.csv"
    rows = [f"r{i},2024-11-29,Row {i} of a long export." for i in range(200)]
    rows[5] = 'r5,2024-11-29,"opened and never closed'
    path.write_text("id,published,text\n" + "\n".join(rows) + "\n")
    _, articles, rejects = read_all([str(path)], max_record_bytes=500)
    assert articles.height == 199
    assert rejects["location"].to_list() == ["long.csv:7"]
    assert "unterminated quote" in rejects["reason"][0]


# Item 8: `timeline export` deletes nothing it did not write and never leaves half a snapshot.


@pytest.fixture(scope="module")
def small_warehouse(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("export") / "w.duckdb"
    wh = Warehouse(path)
    run_id = wh.start_run(sources=["bbc"])
    wh.load_batch(run_id, data.articles(["a", "b"]), data.timexes(["a", "b"]), data.events(["a"]))
    wh.finish_run(run_id, "completed", {"read": 2})
    return path


def export(warehouse: Path, target: Path, *extra: str) -> int:
    return main(["export", "--warehouse", str(warehouse), "--to", str(target), *extra])


def one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


def test_reexport_replaces_its_own_files_and_keeps_everything_else(small_warehouse, tmp_path):
    target = tmp_path / "out"
    assert export(small_warehouse, target) == 0
    (target / "README.txt").write_text("the analyst's notes")
    old_marker = (target / EXPORT_MARKER).read_text()
    assert export(small_warehouse, target) == 0
    assert (target / "README.txt").read_text() == "the analyst's notes"
    assert (target / EXPORT_MARKER).read_text() == old_marker
    assert pl.read_parquet(target / "events", hive_partitioning=True).height == 1
    assert not [p for p in tmp_path.iterdir() if p.name != "out"]


def test_export_refuses_to_delete_a_file_it_did_not_write(small_warehouse, tmp_path, capsys):
    target = tmp_path / "out"
    assert export(small_warehouse, target) == 0
    mine = target / "events" / "keep-me.csv"
    mine.write_text("mine")
    before = sorted(p.relative_to(target) for p in target.rglob("*"))
    capsys.readouterr()
    assert export(small_warehouse, target) == 2
    assert "keep-me.csv was not written by timeline export" in one_line_error(capsys)
    assert sorted(p.relative_to(target) for p in target.rglob("*")) == before
    assert export(small_warehouse, target, "--force") == 0
    assert not mine.exists()


def test_export_into_a_folder_with_unmarked_tables_is_refused(small_warehouse, tmp_path, capsys):
    target = tmp_path / "out"
    target.mkdir()
    (target / "articles.parquet").write_text("someone else's file")
    assert export(small_warehouse, target) == 2
    assert "articles.parquet was not written by timeline export" in one_line_error(capsys)
    assert (target / "articles.parquet").read_text() == "someone else's file"


def test_export_into_an_unrelated_nonempty_folder_adds_beside_its_files(small_warehouse, tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    (target / "notes.md").write_text("notes")
    assert export(small_warehouse, target) == 0
    assert (target / "notes.md").read_text() == "notes"
    assert (target / "articles.parquet").exists()


@pytest.mark.parametrize("where", ["a file", "under a file"])
def test_export_to_a_file_or_below_one_is_one_line_and_exit_2(
    small_warehouse, tmp_path, capsys, where
):
    blocker = tmp_path / "plain.txt"
    blocker.write_text("x")
    target = blocker if where == "a file" else blocker / "sub" / "out"
    assert export(small_warehouse, target) == 2
    assert "is a file" in one_line_error(capsys)
    assert blocker.read_text() == "x"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain.txt"]


def test_failed_export_leaves_the_previous_snapshot_whole(small_warehouse, tmp_path, capsys):
    target = tmp_path / "out"
    assert export(small_warehouse, target) == 0
    before = {p.relative_to(target): p.read_bytes() for p in target.rglob("*") if p.is_file()}
    (target / EXPORT_MARKER).write_text("not json")
    marker_broken = {**before, Path(EXPORT_MARKER): b"not json"}
    assert export(small_warehouse, target) == 2
    one_line_error(capsys)
    after = {p.relative_to(target): p.read_bytes() for p in target.rglob("*") if p.is_file()}
    assert after == marker_broken
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def _refuse_mkdtemp_in(monkeypatch, *refused: Path) -> None:
    """Make creating a temporary folder in `refused` fail as an unwritable folder would (the
    tests run as root, whom permission bits do not stop)."""
    import tempfile

    real = tempfile.mkdtemp

    def mkdtemp(*args, **kwargs):
        if Path(kwargs.get("dir", "")) in refused:
            raise PermissionError(13, "Permission denied")
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkdtemp", mkdtemp)


def test_export_into_a_folder_whose_parent_is_unwritable_stages_inside_it(
    small_warehouse, tmp_path, monkeypatch
):
    target = tmp_path / "out"
    target.mkdir()
    _refuse_mkdtemp_in(monkeypatch, tmp_path)
    assert export(small_warehouse, target) == 0
    assert sorted(p.name for p in target.iterdir() if p.name.startswith(".")) == [EXPORT_MARKER]
    assert pl.read_parquet(target / "articles.parquet").height == 2


def test_export_where_nothing_can_be_written_is_one_line(
    small_warehouse, tmp_path, monkeypatch, capsys
):
    target = tmp_path / "out"
    target.mkdir()
    _refuse_mkdtemp_in(monkeypatch, tmp_path, target)
    assert export(small_warehouse, target) == 2
    assert "cannot write into" in one_line_error(capsys)
    assert list(target.iterdir()) == []


# Item 7: ids are namespaced by source name (and, below, through the flow).


def test_file_and_folder_ids_carry_their_source_name_and_survive_a_move(tmp_path):
    first = _numbered_export(tmp_path / "export-a.csv", "First", 2)
    second = _numbered_export(tmp_path / "export-b.csv", "Second", 2)
    folder = tmp_path / "desk"
    folder.mkdir()
    (folder / "1.txt").write_text("date 2024-11-29 Headline\n\nBody.\n")
    _, articles, _ = read_all([str(first), str(second), str(folder), str(folder / "1.txt")])
    assert articles["id"].to_list() == [
        "export-a:1",
        "export-a:2",
        "export-b:1",
        "export-b:2",
        "desk:1.txt",
        "desk:1.txt",
    ]
    moved = tmp_path / "archive" / "export-a.csv.gz"
    moved.parent.mkdir()
    moved.write_bytes(gzip.compress(first.read_bytes()))
    assert read_all([str(moved)])[1]["id"].to_list() == ["export-a:1", "export-a:2"]


# Item 7 (and the reader kind of item 9) through the flow: real Prefect API, real DuckDB.


def _ingest(sources: list[str], warehouse: Path) -> dict:
    from flows.ingest import ingest

    return ingest(sources=sources, warehouse=str(warehouse))


def _numbered_export(path: Path, label: str, count: int = 5) -> Path:
    rows = [f"{n},2024-11-{n + 20},{label} article number {n}." for n in range(1, count + 1)]
    path.write_text("id,published,text\n" + "\n".join(rows) + "\n")
    return path


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_harness")
def test_two_exports_numbered_alike_are_all_stored_and_reruns_find_them_unchanged(tmp_path):
    (tmp_path / "a").mkdir()
    first = _numbered_export(tmp_path / "a" / "export.csv", "First", 5)
    second = _numbered_export(tmp_path / "b.csv", "Second", 5)
    folders = []
    for name in ("left", "right"):
        folder = tmp_path / "desks" / name
        folder.mkdir(parents=True)
        (folder / "story.txt").write_text(f"date 2024-11-29 {name}\n\nThe {name} desk reported.\n")
        folders.append(str(folder))
    warehouse = tmp_path / "wh.duckdb"
    result = _ingest([str(first), str(second), *folders], warehouse)
    assert result["counts"]["new"] == 12 and result["counts"].get("changed", 0) == 0
    wh = Warehouse(warehouse)
    assert wh.query("SELECT count(*) FROM articles").item() == 12
    texts = wh.query("SELECT text FROM articles WHERE id LIKE '%:story.txt' ORDER BY text")
    assert texts["text"].to_list() == ["The left desk reported.", "The right desk reported."]
    (tmp_path / "b.csv").touch()
    again = _ingest([str(first), str(second), *folders], warehouse)
    assert again["counts"].get("new", 0) == 0 and again["counts"].get("changed", 0) == 0
    assert wh.query("SELECT count(*) FROM articles").item() == 12


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_harness")
def test_right_prefix_after_a_wrong_one_loads_the_file_through_the_flow(tmp_path):
    path = _numbered_export(tmp_path / "export.dat", "Only", 3)
    warehouse = tmp_path / "wh.duckdb"
    from flows.ingest import SourcesFailed, ingest

    state = ingest(sources=[f"jsonl:{path}"], warehouse=str(warehouse), return_state=True)
    outcome = state.result(raise_on_failure=False)
    wrong = outcome.result if isinstance(outcome, SourcesFailed) else outcome
    assert wrong["counts"].get("new", 0) == 0
    right = _ingest([f"csv:{path}"], warehouse)
    assert right["counts"]["new"] == 3


@pytest.mark.parametrize(
    "spec", ["csv+dayfirst:/x/a.csv", "monthfirst:/x/a.csv", "jsonl:/x/a", "/x/a.csv"]
)
def test_a_specs_prefix_reads_back_into_the_same_spec(spec):
    from flows.sources.specs import parse_spec

    parsed = parse_spec(spec)
    assert parse_spec(parsed.prefix + parsed.target) == parsed
    assert parsed.prefix + parsed.target == spec
