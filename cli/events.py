"""`timeline events`: find the event mentions of JSONL documents, one --text, or one article.

Input JSONL lines are `{"doc_id", "dct", "text"}`; output lines are
`{"doc_id", "start", "end", "text", "class", "tense", "aspect", "polarity", "modality",
"earliest", "latest"}` with offsets into that text and `null` for an open side of the interval
— the format `event_eval.py` scores. A bad line is reported on stderr with its line number and
skipped; the exit status is then 1. A missing file exits with 2.
"""

from __future__ import annotations

import argparse
import json
import sys

from cli.common import InputError, parse_date, print_table, read_json_lines

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
    name = "<stdin>" if args.file == "-" else args.file
    try:
        stream = sys.stdin.buffer if args.file == "-" else open(args.file, "rb")  # noqa: SIM115
    except OSError as exc:
        print(f"timeline events: cannot open {name}: {exc.strerror}", file=sys.stderr)
        return 2
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    bad = docs = found = 0
    try:
        for number, obj, error in read_json_lines(stream, name):
            if error is None:
                try:
                    doc_id = obj.get("doc_id", obj.get("id"))
                    if doc_id is None:
                        raise InputError("missing doc_id")
                    if not isinstance(obj.get("text"), str):
                        raise InputError("missing text")
                    published = parse_date(obj.get("dct", obj.get("published")), "dct")
                except InputError as exc:
                    error = f"{name}:{number}: {exc}"
            if error is not None:
                print(error, file=sys.stderr)
                bad += 1
                continue
            docs += 1
            for row in mention_records(obj["text"], published):
                out.write(json.dumps({"doc_id": doc_id, **row}, ensure_ascii=False) + "\n")
                found += 1
    finally:
        if out is not sys.stdout:
            out.close()
        if stream is not sys.stdin.buffer:
            stream.close()
    print(
        f"timeline events: {docs} document(s), {found} event mention(s), {bad} bad line(s)",
        file=sys.stderr,
    )
    return 1 if bad else 0
