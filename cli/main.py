"""`timeline` command line: one module per subcommand, imported only when that subcommand runs.

Each subcommand module exposes `add_arguments(parser)` and `run(args) -> int`, and may set
`EXAMPLES` (shown under "examples:" in its --help). Lazy import keeps `timeline timexes` and
`timeline --version` free of Prefect and DuckDB imports they do not need.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from cli.common import add_logging_arguments, configure_logging, version_line

DESCRIPTION = """\
Turn dated news articles into a queryable event timeline.

`timeline run` reads articles from files, folders, feeds or web pages, tags their temporal
expressions and events, and loads them into a DuckDB warehouse (./timeline.duckdb, or
--warehouse PATH, or $TIMELINE_WAREHOUSE). The other commands read it back: SQL, plots, Parquet,
run history and rejects.
"""

EXAMPLES = """\
examples:
  timeline run articles.jsonl feeds.txt          load sources into ./timeline.duckdb
  timeline -q run https://example.org/rss.xml    only errors and the final summary
  timeline runs                                  recent runs and their counts
  timeline rejects --run RUN_ID                  why records of that run were refused
  timeline sql "SELECT * FROM daily LIMIT 10"    query the warehouse
  timeline plot --output timeline.html           draw the events
  timeline check                                 versions, warehouse and Prefect API status
  timeline COMMAND --help                        options and examples of one command
"""

SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "run": ("cli.run", "ingest sources into the warehouse once (Prefect flow)"),
    "runs": ("cli.runs", "list recent runs: when, status, seconds and counts"),
    "rejects": ("cli.rejects", "list why records were refused, grouped by reason"),
    "check": ("cli.check", "check versions, the warehouse and the Prefect API (like dbt debug)"),
    "sql": ("cli.sql", "run read-only SQL on the warehouse (table, csv, json or parquet)"),
    "plot": ("cli.plot", "draw the events as a timeline: PNG, SVG or self-contained HTML"),
    "export": ("cli.export", "write tables and the timeline view as Parquet (by year)"),
    "timexes": ("cli.timexes", "tag temporal expressions in JSONL documents or one --text"),
    "events": ("cli.events", "find event mentions (span, class, tense, aspect) in JSONL documents"),
    "eval": ("cli.evaluate", "score the tagger on TimeML gold files (TempEval-3 metrics)"),
    "serve": ("cli.serve", "serve the ingest flow on a cron schedule (needs a Prefect server)"),
    "server": ("cli.server", "start the Prefect API and UI locally"),
}

OTHER_EXAMPLES = {
    "export": """\
  timeline export --to parquet/
  timeline export --to /data/news-parquet --warehouse news.duckdb
""",
}
"""Examples of subcommands whose module does not set `EXAMPLES` itself."""

_GLOBAL_WITH_VALUE = ("--log-level", "--log-format")


def top_level_parser() -> argparse.ArgumentParser:
    """The parser of `timeline [global options] COMMAND`."""
    parser = argparse.ArgumentParser(
        prog="timeline",
        description=DESCRIPTION,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=version_line(),
        help="print the versions of timeline, DuckDB, Prefect, Polars and Python, and exit",
    )
    add_logging_arguments(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (_, help_text) in SUBCOMMANDS.items():
        subparsers.add_parser(name, help=help_text, add_help=False)
    return parser


def _split_command(argv: list[str]) -> int:
    """Index of the command name in `argv`: the first word that is no global option or value."""
    index = 0
    while index < len(argv) and argv[index].startswith("-"):
        index += 2 if argv[index] in _GLOBAL_WITH_VALUE else 1
    return index


def subcommand_parser(name: str, module: object) -> argparse.ArgumentParser:
    """The parser of `timeline NAME`, with the module's examples as its epilog."""
    examples = getattr(module, "EXAMPLES", None) or OTHER_EXAMPLES.get(name)
    parser = argparse.ArgumentParser(
        prog=f"timeline {name}",
        description=SUBCOMMANDS[name][1],
        epilog=f"examples:\n{examples}" if examples else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    module.add_arguments(parser)
    return parser


OFFLINE_DEFAULTS: dict[str, str] = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
}
"""Environment defaults set before Prefect loads: no usage telemetry from the temporary API
server (whose heartbeat logs an ERROR when offline) or the SDK. A value the user set wins."""


def set_offline_defaults() -> None:
    """Apply `OFFLINE_DEFAULTS` to the environment, keeping any variable already set."""
    for name, value in OFFLINE_DEFAULTS.items():
        os.environ.setdefault(name, value)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `timeline` console script."""
    set_offline_defaults()
    argv = sys.argv[1:] if argv is None else argv
    parser = top_level_parser()
    split = _split_command(argv)
    try:
        if split >= len(argv) or argv[split] not in SUBCOMMANDS:
            parser.parse_args(argv)
            parser.print_help(sys.stdout if not argv else sys.stderr)
            return 0 if not argv else 2
        options = parser.parse_args(argv[:split])
        name = argv[split]
        module = importlib.import_module(SUBCOMMANDS[name][0])
        args = subcommand_parser(name, module).parse_args(argv[split + 1 :])
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else 2
    for option in ("quiet", "log_level", "log_format"):
        if getattr(args, option, None) is None:
            setattr(args, option, getattr(options, option))
    configure_logging(args.log_level, bool(args.quiet), args.log_format)
    try:
        return int(module.run(args) or 0)
    except BrokenPipeError:
        return 1
    except KeyboardInterrupt:
        return 130
    except OSError as error:
        print(f"timeline {name}: {_os_error_line(error)}", file=sys.stderr)
        return 2
    except Exception as error:
        line = _settings_error_line(error)
        if line is None:
            raise
        print(f"timeline {name}: {line}", file=sys.stderr)
        return 2


def _settings_error_line(error: Exception) -> str | None:
    """`invalid Prefect setting PREFECT_X: …` when `error` is Prefect refusing a setting from the
    environment or a profile (a pydantic ValidationError of a settings model), else None."""
    title = getattr(error, "title", "")
    errors = getattr(error, "errors", None)
    if not callable(errors) or not str(title).endswith("Settings"):
        return None
    first = errors()[0] if errors() else {}
    field = ".".join(str(part) for part in first.get("loc", ()))
    return (
        f"invalid Prefect setting ({title} {field}): {first.get('msg', error)}, "
        f"got {first.get('input')!r}"
    )


def _os_error_line(error: OSError) -> str:
    """`No such file or directory: /x/y.jsonl` from an OSError a command did not catch (an
    output file or folder that cannot be written, most often)."""
    if error.filename is None:
        return str(error)
    return f"{error.strerror or error}: {error.filename}"


if __name__ == "__main__":
    sys.exit(main())
