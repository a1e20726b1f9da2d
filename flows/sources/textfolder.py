"""Reader for folders of dated text files (and single text files).

Accepted layouts, tried in this order:

1. the seed form: first non-blank line `date YYYY-MM-DD Headline…`, body after;
2. YAML-like front matter: `---`, `key: value` lines (date/published, title, url, …), `---`;
3. a leading header block: `Date: …` (and optional `Title: …`, `URL: …`) lines, a blank line,
   then the body.

Only text files are read: names ending in `.txt`, `.md` or `.text` (`TEXT_SUFFIXES`). Anything
else in the folder (a `.gold.json` beside the seed, images, …) is not article text: it is
counted as skipped, not rejected, and the log names it with the reason. Dotfiles and files
under dot-folders are ignored silently.

id = `folder:` + the file's path relative to the folder (stable across runs; the prefix,
`base.id_namespace`, keeps two folders with the same file names apart), source = the folder
name.
A folder's state is `{"files": {relative_path: [mtime_ns, size]}, "watermark": "YYYY-MM-DD"}`;
unchanged files are not re-read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from flows.sources.base import Batch, BatchBuilder, ReadContext, id_namespace, log_note
from flows.sources.files import emit
from flows.sources.records import COLUMN_ALIASES, RawRecord

TEXT_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".text")
"""The suffixes (any case) of the files a text folder reads; other files are skipped."""
MAX_TEXT_FILE_BYTES = 10 * 1024 * 1024
SKIPPED_NAMES_LOGGED = 10
"""How many skipped file names the log line lists before it says '… and N more'."""

_SEED_LINE = re.compile(r"^\s*date\s+(\S+)[ \t]*(.*)$", re.IGNORECASE)
_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z_-]*)[ \t]*:[ \t]*(.*)$")
_FRONT_MATTER_FENCE = "---"


class TextFormatError(ValueError):
    """The text has no recognisable date line; the message is the reject reason."""


def parse_text_article(text: str) -> dict[str, Any]:
    """Split a dated text file into raw article fields (`published`, `title`, `text`, …)."""
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise TextFormatError("empty file")
    seed = _SEED_LINE.match(lines[first])
    if seed:
        body = "\n".join(lines[first + 1 :]).strip()
        return {"published": seed.group(1), "title": seed.group(2).strip(), "text": body}
    if lines[first].strip() == _FRONT_MATTER_FENCE:
        end = next(
            (i for i in range(first + 1, len(lines)) if lines[i].strip() == _FRONT_MATTER_FENCE),
            None,
        )
        if end is None:
            raise TextFormatError("front matter is not closed by '---'")
        fields = _header_fields(lines[first + 1 : end])
        fields["text"] = "\n".join(lines[end + 1 :]).strip()
        return _require_date(fields)
    header_end = first
    while header_end < len(lines) and _HEADER_LINE.match(lines[header_end]):
        header_end += 1
    fields = _header_fields(lines[first:header_end])
    fields["text"] = "\n".join(lines[header_end:]).strip()
    return _require_date(fields)


def _header_fields(lines: list[str]) -> dict[str, Any]:
    by_alias = {alias: column for column, names in COLUMN_ALIASES.items() for alias in names}
    fields: dict[str, Any] = {}
    for line in lines:
        match = _HEADER_LINE.match(line)
        if not match:
            continue
        column = by_alias.get(match.group(1).lower())
        if column and column not in ("id", "text") and column not in fields:
            fields[column] = match.group(2).strip().strip("\"'")
    return fields


def _require_date(fields: dict[str, Any]) -> dict[str, Any]:
    if not fields.get("published"):
        raise TextFormatError("no date: expected 'date YYYY-MM-DD …', front matter or 'Date:' line")
    return fields


def text_file_record(path: Path, relative: str, location: str) -> RawRecord:
    """Read one text file into a raw record (or a faulted record saying why not)."""
    try:
        size = path.stat().st_size
        if size > MAX_TEXT_FILE_BYTES:
            reason = f"larger than cap ({size} > {MAX_TEXT_FILE_BYTES} bytes)"
            return RawRecord(location, "", fault=reason)
        data = path.read_bytes()
    except OSError as exc:
        return RawRecord(location, "", fault=f"cannot read file: {exc.strerror or exc}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return RawRecord(location, data, fault=f"not UTF-8 ({exc.reason} at byte {exc.start})")
    try:
        fields = parse_text_article(text)
    except TextFormatError as exc:
        return RawRecord(location, text, fault=str(exc))
    fields["id"] = relative
    return RawRecord(location, text, fields=fields)


def read_text_folder(
    folder: Path,
    *,
    source_key: str,
    state: Mapping[str, Any],
    ctx: ReadContext,
    source_name: str | None = None,
) -> Iterator[Batch]:
    """Read every changed text file under `folder` (recursively, in sorted order).

    Other files are counted in `Batch.skipped` and named in one log line with the reason;
    dotfiles are ignored.
    """
    source = source_name or folder.name
    builder = BatchBuilder(source_key, state, ctx, id_namespace(source))
    if not folder.is_dir():
        yield from builder.fail(folder.name, f"folder not found: {folder}", str(folder))
        yield builder.finish(None)
        return
    seen: dict[str, Any] = dict(state.get("files") or {})
    files: dict[str, list[int]] = {}
    not_text: list[str] = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if not path.is_file():
            continue
        location = f"{folder.name}/{relative}"
        if path.suffix.lower() not in TEXT_SUFFIXES:
            not_text.append(relative)
            continue
        info = path.stat()
        files[relative] = [info.st_mtime_ns, info.st_size]
        if seen.get(relative) == files[relative]:
            continue
        yield from emit(builder, text_file_record(path, relative, location), source, ctx)
    if not_text:
        builder.add_skipped(len(not_text))
        _log_not_text(folder, not_text)
    yield builder.finish({"files": files})


def _log_not_text(folder: Path, names: list[str]) -> None:
    """One log line naming the files of `folder` that were skipped as not article text."""
    shown = ", ".join(names[:SKIPPED_NAMES_LOGGED])
    more = len(names) - SKIPPED_NAMES_LOGGED
    if more > 0:
        shown += f" … and {more} more"
    suffixes = "/".join(TEXT_SUFFIXES)
    log_note(
        "folder %s: skipped %d file%s that %s not article text (only %s files are read): %s",
        folder, len(names), "" if len(names) == 1 else "s", "is" if len(names) == 1 else "are",
        suffixes, shown,
    )  # fmt: skip


def read_text_file(
    path: Path,
    *,
    source_key: str,
    state: Mapping[str, Any],
    ctx: ReadContext,
    source_name: str | None = None,
) -> Iterator[Batch]:
    """Read a single dated text file; source = its folder's name, id = `source:` + its name
    (the id it has when its folder is read)."""
    source = source_name or path.parent.name
    builder = BatchBuilder(source_key, state, ctx, id_namespace(source))
    if not path.is_file():
        yield from builder.fail(path.name, f"file not found: {path}", str(path))
        yield builder.finish(None)
        return
    info = path.stat()
    new_state = {"mtime_ns": info.st_mtime_ns, "size": info.st_size}
    if all(state.get(key) == value for key, value in new_state.items()):
        yield builder.finish(state)
        return
    record = text_file_record(path, path.name, path.name)
    yield from emit(builder, record, source, ctx)
    yield builder.finish(new_state)
