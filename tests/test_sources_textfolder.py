"""Folders of dated text files: the seed form, front matter, Date: lines, and rejects."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import polars as pl

from flows.sources import read_sources
from flows.sources.textfolder import parse_text_article

SEED = Path("/work/shared/seeds/ukraine-johnson-2024-11-29.txt")


OWN_ID_PREFIX = r"^[^:]*:"


def read_all(specs, state=None):
    """Read `specs`; article ids come back without their per-source namespace (`name:`):
    these tests check each source's own ids, test_faults_data checks the namespace."""
    batches = list(read_sources(specs, state or {}))
    articles = pl.concat([b.articles for b in batches])
    return (
        batches,
        articles.with_columns(pl.col("id").str.replace(OWN_ID_PREFIX, "")),
        pl.concat([b.rejects for b in batches]),
    )


def test_seed_file_in_a_folder_gives_date_title_and_body(tmp_path):
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    _, articles, rejects = read_all([str(folder)])
    assert rejects.height == 0
    row = articles.to_dicts()[0]
    assert row["id"] == SEED.name
    assert row["source"] == "seeds"
    assert row["published"] == date(2024, 11, 29)
    assert row["title"] == "Boris JOhnson photographed in Ukraine in 2022."
    assert row["text"].startswith("Boris Johnson has said British forces should help")
    body = SEED.read_text().split("\n", 1)[1].strip()
    assert row["text"] == body


def test_front_matter_and_date_line_files_are_read(tmp_path):
    folder = tmp_path / "desk"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.md").write_text('---\ndate: 2024-11-29\ntitle: "Front"\n---\nBody A.\n')
    (folder / "sub" / "b.txt").write_text("Date: 28 November 2024\nTitle: Lined\n\nBody B.\n")
    _, articles, rejects = read_all([str(folder)])
    assert rejects.height == 0
    assert articles.select("id", "published", "title", "text").rows() == [
        ("a.md", date(2024, 11, 29), "Front", "Body A."),
        ("sub/b.txt", date(2024, 11, 28), "Lined", "Body B."),
    ]


def test_undated_and_non_utf8_text_files_are_rejected(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_text("date 2024-11-29 Headline\nBody.\n")
    (folder / "undated.txt").write_text("Just a body without any date.\n")
    (folder / "latin1.txt").write_bytes("date 2024-11-29 Caf\xe9\nBody\n".encode("latin-1"))
    (folder / "image.png").write_bytes(b"\x89PNG")
    (folder / ".hidden.txt").write_text("ignored")
    _, articles, rejects = read_all([str(folder)])
    assert articles["id"].to_list() == ["good.txt"]
    reasons = dict(zip(rejects["location"], rejects["reason"], strict=True))
    assert reasons["mixed/undated.txt"].startswith("no date")
    assert reasons["mixed/latin1.txt"].startswith("not UTF-8")
    assert "mixed/image.png" not in reasons
    latin1 = rejects.filter(pl.col("location") == "mixed/latin1.txt")["payload"][0]
    assert latin1.startswith("b'date 2024-11-29 Caf\\xe9")


def test_files_that_are_not_text_are_skipped_and_named_in_the_log(tmp_path, caplog):
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    (folder / "ukraine-johnson-2024-11-29.gold.json").write_text('{"timexes": []}')
    (folder / "photo.PNG").write_bytes(b"\x89PNG")
    (folder / "notes.TEXT").write_text("date 2024-11-30 Upper-case suffix\nBody.\n")
    with caplog.at_level("INFO", logger="flows.sources"):
        batches, articles, rejects = read_all([str(folder)])
    assert sorted(articles["id"]) == ["notes.TEXT", SEED.name]
    assert rejects.height == 0
    assert sum(b.skipped for b in batches) == 2
    assert set(batches[-1].state["files"]) == {"notes.TEXT", SEED.name}
    [message] = [r.getMessage() for r in caplog.records if "skipped" in r.getMessage()]
    assert "skipped 2 files that are not article text" in message
    assert "ukraine-johnson-2024-11-29.gold.json" in message and "photo.PNG" in message


def test_only_changed_files_are_read_on_the_next_run(tmp_path):
    folder = tmp_path / "desk"
    folder.mkdir()
    (folder / "a.txt").write_text("date 2024-11-29 A\nBody A.\n")
    first, _, _ = read_all([str(folder)])
    (folder / "b.txt").write_text("date 2024-11-30 B\nBody B.\n")
    state = {str(folder.resolve()): first[-1].state}
    second, articles, _ = read_all([str(folder)], state=state)
    assert articles["id"].to_list() == ["b.txt"]
    assert set(second[-1].state["files"]) == {"a.txt", "b.txt"}


def test_single_text_file_spec_uses_file_name_and_folder(tmp_path):
    _, articles, _ = read_all([str(SEED)])
    assert articles.select("id", "source").row(0) == (SEED.name, "seeds")


def test_parse_text_article_requires_a_date():
    fields = parse_text_article("\n date 2024-11-29 Title here\n\nBody")
    assert fields == {"published": "2024-11-29", "title": "Title here", "text": "Body"}


def test_missing_folder_is_a_reject(tmp_path):
    _, articles, rejects = read_all([f"folder:{tmp_path / 'nope'}"])
    assert articles.height == 0
    assert rejects["reason"][0].startswith("folder not found")
