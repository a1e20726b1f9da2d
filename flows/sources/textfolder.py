"""Reader for folders of dated text files (and single text files).

Accepted layouts, tried in this order:

1. the seed form: first non-blank line `date YYYY-MM-DD Headline…`, body after;
2. YAML-like front matter: `---`, `key: value` lines (date/published, title, url, …), `---`;
3. a leading header block: `Date: …` (and optional `Title: …`, `URL: …`) lines, a blank line,
   then the body.

Only text files are read: names ending in `.txt`, `.md` or `.text` (`TEXT_SUFFIXES`). Anything
else in the folder (a `.gold.json` beside the seed, images, …) is not article text: it is
counted as skipped, not rejected, and the log names it with the reason. Dotfiles and files
under dot-folders are ignored silently. Symbolic links are not followed out of the folder, and
files or sub-folders that cannot be read are rejects ("permission denied"), never passed over.

id = `folder:` + the file's path relative to the folder (stable across runs; the prefix,
`base.id_namespace`, keeps two folders with the same file names apart), source = the folder
name.
A folder's state is `{"files": {relative_path: [mtime_ns, size]}, "watermark": "YYYY-MM-DD"}`;
unchanged files are not re-read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flows.sources.base import Batch, BatchBuilder, ReadContext, id_namespace, log_note
from flows.sources.files import emit
from flows.sources.records import COLUMN_ALIASES, RawRecord

TEXT_SUFFIXES: tuple[str, ...] = (".txt", ".md", ".text")
"""The suffixes (any case) of the files a text folder reads; other files are skipped."""
MAX_TEXT_FILE_BYTES = 10 * 1024 * 1024
PERMISSION_DENIED = "permission denied"
CANNOT_READ = "cannot read file"
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
    except PermissionError:
        return RawRecord(location, "", fault=f"{PERMISSION_DENIED}: cannot read file {relative}")
    except OSError as exc:
        return RawRecord(location, "", fault=f"{CANNOT_READ}: {exc.strerror or exc}")
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


def _unreadable(record: RawRecord) -> bool:
    """True for a file that could not be opened: it is read again next run, not marked seen."""
    return (record.fault or "").startswith((PERMISSION_DENIED, CANNOT_READ))


@dataclass(frozen=True, slots=True)
class _Entry:
    """One thing found under a text folder: a file to read, something to skip, or a refusal."""

    path: Path
    relative: str
    refused: str | None = None
    skipped: bool = False


def walk_folder(folder: Path) -> list[_Entry]:
    """Everything under `folder` in sorted order, without following links out of it.

    Dot-files and dot-folders are left out. A symbolic link whose target lies outside the folder
    is refused (it would read files the folder's owner did not put there), as is a dangling one;
    a link to a folder inside is not entered (its files are read under their own path). A
    sub-folder that cannot be listed is refused with the reason; an unlistable `folder` itself
    raises `PermissionError`/`OSError` (the whole source fails)."""
    root = folder.resolve()
    entries: list[_Entry] = []
    failures: list[OSError] = []
    for current, dirnames, filenames in os.walk(folder, onerror=failures.append):
        base = Path(current)
        dirnames[:] = sorted(name for name in dirnames if not name.startswith("."))
        for name in [*dirnames, *filenames]:
            if name.startswith("."):
                continue
            path = base / name
            relative = path.relative_to(folder).as_posix()
            if path.is_symlink():
                entry = _link_entry(path, relative, root)
                if name in dirnames:
                    dirnames.remove(name)
                if entry is not None:
                    entries.append(entry)
            elif name in filenames:
                entries.append(_Entry(path, relative, skipped=not path.is_file()))
    for error in failures:
        where = Path(error.filename or folder)
        if where == folder:
            raise error
        relative = where.relative_to(folder).as_posix()
        if isinstance(error, PermissionError):
            reason = f"{PERMISSION_DENIED}: cannot list folder {relative} (its files were not read)"
        else:
            reason = f"cannot list folder {relative}: {error.strerror or error}"
        entries.append(_Entry(where, relative, refused=reason))
    return sorted(entries, key=lambda entry: entry.path)


def _link_entry(path: Path, relative: str, root: Path) -> _Entry | None:
    """A symbolic link: refused when it leads out of the folder or nowhere; a link to a file
    inside is read like a file; a link to a folder inside is not entered (None)."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return _Entry(path, relative, refused=f"symbolic link leads nowhere: {relative}")
    if not target.is_relative_to(root):
        return _Entry(
            path, relative, refused=f"refused symbolic link out of the folder: {relative}"
        )
    if target.is_dir():
        return None
    return _Entry(path, relative, skipped=not target.is_file())


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
    dotfiles are ignored. Links out of the folder and unreadable files or sub-folders are
    rejects (`walk_folder`); unreadable files are not marked as seen, so they are read again
    once their permissions are fixed.
    """
    source = source_name or folder.name
    builder = BatchBuilder(source_key, state, ctx, id_namespace(source))
    if not folder.is_dir():
        yield from builder.fail(folder.name, f"folder not found: {folder}", str(folder))
        yield builder.finish(None)
        return
    try:
        entries = walk_folder(folder)
    except OSError as exc:
        reason = f"cannot list folder {folder}: {exc.strerror or exc}"
        if isinstance(exc, PermissionError):
            reason = f"{PERMISSION_DENIED}: cannot list folder {folder}"
        yield from builder.fail(folder.name, reason, str(folder))
        yield builder.finish(None)
        return
    seen: dict[str, Any] = dict(state.get("files") or {})
    files: dict[str, list[int]] = {}
    not_text: list[str] = []
    for entry in entries:
        location = f"{folder.name}/{entry.relative}"
        if entry.refused is not None:
            yield from builder.add_reject(location, entry.refused)
            continue
        if entry.skipped or entry.path.suffix.lower() not in TEXT_SUFFIXES:
            not_text.append(entry.relative)
            continue
        try:
            info = entry.path.stat()
        except OSError as exc:
            yield from builder.add_reject(location, f"{CANNOT_READ}: {exc.strerror or exc}")
            continue
        stamp = [info.st_mtime_ns, info.st_size]
        if seen.get(entry.relative) == stamp:
            files[entry.relative] = stamp
            continue
        record = text_file_record(entry.path, entry.relative, location)
        if not _unreadable(record):
            files[entry.relative] = stamp
        yield from emit(builder, record, source, ctx)
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
