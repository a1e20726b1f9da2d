"""Source specs, keys and the read_sources safety net."""

from __future__ import annotations

from pathlib import Path

from flows.sources import SourceSpec, parse_spec, read_sources, source_key
from flows.sources.specs import file_kind


def test_prefixes_select_the_reader_kind():
    assert parse_spec("feed:https://x.org/a") == SourceSpec("https://x.org/a", kind="feed")
    assert parse_spec("page:story.html") == SourceSpec("story.html", kind="page")
    assert parse_spec("https://x.org/a") == SourceSpec("https://x.org/a")


def test_source_key_is_the_url_without_fragment_or_the_absolute_path(tmp_path):
    assert source_key(SourceSpec("https://x.org/feed#top")) == "https://x.org/feed"
    relative = SourceSpec("some/file.jsonl")
    assert source_key(relative) == str(Path("some/file.jsonl").resolve())


def test_files_are_told_apart_by_suffix_then_content(tmp_path):
    (tmp_path / "a.jsonl.gz").write_bytes(b"")
    (tmp_path / "b.xml").write_text("<?xml version='1.0'?><rss version='2.0'></rss>")
    (tmp_path / "c.xml").write_text("<!DOCTYPE html><html><body>x</body></html>")
    (tmp_path / "d.dat").write_text('{"id": 1}\n')
    (tmp_path / "e.dat").write_text("???")
    kinds = {p.name: file_kind(p) for p in sorted(tmp_path.iterdir())}
    assert kinds == {"a.jsonl.gz": "jsonl", "b.xml": "feed", "c.xml": "page", "d.dat": "jsonl",
                     "e.dat": None}  # fmt: skip


def test_unknown_kind_is_a_reject_with_a_hint(tmp_path):
    (tmp_path / "e.dat").write_text("???")
    [batch] = list(read_sources([str(tmp_path / "e.dat")], {}))
    assert "prefix it with one of" in batch.rejects["reason"][0]
    assert batch.done and batch.state == {}


def test_every_source_ends_with_one_done_batch(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": 1, "published": "2024-01-01", "text": "t"}\n')
    specs = [str(tmp_path / "a.jsonl"), str(tmp_path / "missing.csv"), "javascript:alert(1)"]
    batches = list(read_sources(specs, {}))
    done = [b.source_key for b in batches if b.done]
    assert len(done) == 3 and len(set(done)) == 3
