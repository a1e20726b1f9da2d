"""What a fresh install needs: reading a text folder or a JSONL file loads no optional reader's
library, so a missing or broken HTML/feed stack cannot break runs that never read a page."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OPTIONAL = ("trafilatura", "htmldate", "justext", "lxml.html.clean", "feedparser", "matplotlib")

PROBE = """
import json, sys
from flows.sources import read_sources
import flows.ingest
batches = list(read_sources(sys.argv[1:], {}))
print(json.dumps({
    "articles": sum(b.articles.height for b in batches),
    "loaded": [m for m in %r if m in sys.modules],
}))
"""


def test_text_and_jsonl_sources_read_without_loading_page_or_feed_libraries(tmp_path) -> None:
    folder = tmp_path / "desk"
    folder.mkdir()
    (folder / "a.txt").write_text("date 2024-11-29 Headline\nBody.\n")
    records = tmp_path / "news.jsonl"
    records.write_text(json.dumps({"id": "x", "published": "2024-11-28", "text": "Body."}) + "\n")
    result = subprocess.run(
        [sys.executable, "-c", PROBE % (OPTIONAL,), str(folder), str(records)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout)
    assert outcome == {"articles": 2, "loaded": []}
