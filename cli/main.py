"""`timeline` command line: dispatches to one module per subcommand, imported lazily.

Each subcommand module exposes `add_arguments(parser)` and `run(args) -> int`. Lazy import keeps
`timeline timexes` free of Prefect and DuckDB imports it does not need.
"""

from __future__ import annotations

import argparse
import importlib
import sys

SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "timexes": ("cli.timexes", "tag temporal expressions in JSONL documents or one --text"),
    "eval": ("cli.evaluate", "score the tagger on TimeML gold files (TempEval-3 metrics)"),
    "run": ("cli.run", "ingest sources into the warehouse once (Prefect flow)"),
    "serve": ("cli.serve", "serve the ingest flow on a cron schedule (needs a Prefect server)"),
    "server": ("cli.server", "start the Prefect API and UI locally"),
    "sql": ("cli.sql", "run read-only SQL on the warehouse (table, csv, json or parquet)"),
    "plot": ("cli.plot", "draw the events as a timeline: PNG, SVG or self-contained HTML"),
    "export": ("cli.export", "write every warehouse table as Parquet (events/timexes by month)"),
}


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `timeline` console script."""
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="timeline", description=__doc__.splitlines()[0])
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (_, help_text) in SUBCOMMANDS.items():
        subparsers.add_parser(name, help=help_text, add_help=False)
    if not argv or argv[0] in ("-h", "--help") or argv[0] not in SUBCOMMANDS:
        parser.print_help() if not argv or argv[0] in ("-h", "--help") else parser.parse_args(argv)
        return 0 if not argv or argv[0] in ("-h", "--help") else 2
    name = argv[0]
    module = importlib.import_module(SUBCOMMANDS[name][0])
    sub = argparse.ArgumentParser(prog=f"timeline {name}", description=SUBCOMMANDS[name][1])
    module.add_arguments(sub)
    args = sub.parse_args(argv[1:])
    try:
        return int(module.run(args) or 0)
    except BrokenPipeError:
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
