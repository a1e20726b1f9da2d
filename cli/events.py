"""`timeline events`: find the event mentions of JSONL documents, one --text, or one article.

Input JSONL lines are `{"doc_id", "dct", "text"}`; output lines are
`{"doc_id", "start", "end", "text", "class", "tense", "aspect", "polarity", "modality",
"earliest", "latest"}` with offsets into that text and `null` for an open side of the interval
— the format `event_eval.py` scores. A bad line is reported on stderr with its line number and
skipped; the exit status is then 1. A missing file exits with 2.
"""

from __future__ import annotations

import argparse
import sys

from cli.common import InputError, annotate_json_lines, parse_date, print_table

EXAMPLES = """\
  timeline events --text "Officials said the talks would resume." --published 2024-11-29
  timeline events docs.jsonl -o events.jsonl      lines {"doc_id", "dct", "text"}
  cat docs.jsonl | timeline events - | head
"""

TABLE_COLUMNS = ["start", "end", "text", "class", "tense", "aspect", "polarity", "modality"]
TABLE_COLUMNS += ["earliest", "latest"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `timeline events`."""
    parser.add_argument("file", nargs="?", default="-", help="JSONL input (default: stdin, '-')")
    parser.add_argument("--text", help="find the events of this one text and print a table")
    parser.add_argument("--published", help="publication date of --text (YYYY-MM-DD)")
    parser.add_argument("--output", "-o", help="write JSONL here instead of stdout")


def run(args: argparse.Namespace) -> int:
    """Dispatch to the table mode (--text) or the JSONL mode."""
    from transforms.events.mentions import mention_records

    if args.text is not None:
        try:
            published = parse_date(args.published, "--published date")
        except InputError as exc:
            print(f"timeline events: {exc}", file=sys.stderr)
            return 2
        rows = mention_records(args.text, published)
        print(f"published {published.isoformat()}: {len(rows)} event mention(s)")
        print_table(TABLE_COLUMNS, ([r[c] for c in TABLE_COLUMNS] for r in rows))
        return 0
    return _jsonl_mode(args, mention_records)


def _jsonl_mode(args: argparse.Namespace, mention_records) -> int:
    return annotate_json_lines(
        "events",
        args.file,
        args.output,
        lambda _doc, text, published: mention_records(text, published),
        "event mention(s)",
    )
