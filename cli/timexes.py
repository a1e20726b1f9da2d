"""`timeline timexes`: tag temporal expressions in JSONL documents, one text, or one article file.

Input JSONL lines are `{"doc_id", "dct", "text"}`; output lines are
`{"doc_id", "start", "end", "text", "type", "value", "mod", "earliest", "latest", …}` with
offsets into that text — the format `timex_eval.py` scores. A bad line is reported on stderr
with its line number and skipped; the exit status is then 1. A missing file exits with 2.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path

from cli.common import InputError, annotate_json_lines, parse_date, print_table

EXAMPLES = """\
  timeline timexes --text "Talks resume next Monday." --published 2024-11-29
  timeline timexes --article seeds/ukraine-johnson-2024-11-29.txt
  timeline timexes docs.jsonl -o timexes.jsonl   lines {"doc_id", "dct", "text"}
"""

TABLE_COLUMNS = [
    "start",
    "end",
    "text",
    "type",
    "value",
    "mod",
    "earliest",
    "latest",
    "granularity",
    "anchor",
]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `timeline timexes`."""
    parser.add_argument("file", nargs="?", default="-", help="JSONL input (default: stdin, '-')")
    parser.add_argument("--text", help="tag this one text and print a table")
    parser.add_argument("--published", help="publication date of --text (YYYY-MM-DD)")
    parser.add_argument(
        "--article",
        metavar="FILE",
        help="tag one article file whose first line is 'date YYYY-MM-DD headline' (the seed form)",
    )
    parser.add_argument("--output", "-o", help="write JSONL here instead of stdout")
    parser.add_argument("--language", default="en", help="language of the texts (only 'en')")


def run(args: argparse.Namespace) -> int:
    """Dispatch to the table mode (--text/--article) or the JSONL mode."""
    from transforms.temporal import tag

    if args.text is not None or args.article:
        return _table_mode(args, tag)
    return _jsonl_mode(args, tag)


def _table_mode(args: argparse.Namespace, tag) -> int:
    if args.article:
        from transforms.frames import document_text

        path = Path(args.article)
        try:
            raw = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            print(f"timeline timexes: cannot read {path}: {exc}", file=sys.stderr)
            return 2
        first, _, body = raw.lstrip("\ufeff").partition("\n")
        head = first.split(maxsplit=2)
        if len(head) < 2 or head[0].lower() != "date":
            print(f"{path}:1: expected a first line 'date YYYY-MM-DD headline'", file=sys.stderr)
            return 2
        published_raw, title = head[1], head[2] if len(head) > 2 else ""
        text = document_text(title, body.strip())
    else:
        published_raw, text = args.published, args.text
    try:
        published = parse_date(published_raw, "--published date")
    except InputError as exc:
        print(f"timeline timexes: {exc}", file=sys.stderr)
        return 2
    timexes = tag(text, published, args.language)
    print(f"published {published.isoformat()}: {len(timexes)} temporal expression(s)")
    print_table(TABLE_COLUMNS, ([getattr(t, c) for c in TABLE_COLUMNS] for t in timexes))
    return 0


def _jsonl_mode(args: argparse.Namespace, tag) -> int:
    def timexes(doc: dict, text: str, published) -> list[dict]:
        return [asdict(t) for t in tag(text, published, doc.get("language") or args.language)]

    return annotate_json_lines("timexes", args.file, args.output, timexes, "temporal expression(s)")
