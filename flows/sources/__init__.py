"""Source readers: files, folders, RSS/Atom feeds and HTML pages -> batches of articles.

No Prefect, no DuckDB, no SQL and no temporal rules live here: the readers read, validate and
normalise records into Polars frames, and hand back the incremental state for the caller
(the warehouse) to store.

Entry point
-----------
`read_sources(specs, state, batch_size=500, since=None, *, http=None, max_record_bytes=10 MiB)`
yields `Batch`es.

- `specs`: strings `[kind][+dayfirst|+monthfirst]:target` or `SourceSpec`s. target = a file,
  a folder or an http(s) URL; kind (optional) = feed | page | jsonl | csv | parquet | folder |
  text. Without a kind: folders are text folders (their .txt/.md/.text files; other files are
  skipped and logged); files go by suffix (.jsonl/.ndjson[.gz], .csv[.gz], .parquet/.pq,
  .rss/.atom/.xml, .html/.htm, .txt/.md) and else by their first bytes; URLs by the response's
  Content-Type and first bytes. `SourceSpec(target, kind, columns, source_name, fetch_pages)`
  carries per-source options (column mapping, `source` override, following feed links).
- `state`: `{source_key: previous_state}`; a missing key means "first run".
- `since`: articles published before this date are dropped (counted in `Batch.skipped`, as are
  the files of a text folder that are not text).

Each `Batch` has `source_key`, `articles` (exactly `ARTICLE_COLUMNS`, Polars dtypes),
`rejects` (`source, location, reason, payload`, all str; `source` is the source_key),
`state`, `done` and `skipped`. Store the batch, then persist `state` under `source_key`: the
state is safe to persist after every batch; only the last batch (`done=True`) advances it.

Keys and state shapes
---------------------
- source_key: the URL without fragment, or the absolute path of the file/folder.
- file (jsonl/csv/parquet/text/feed or page file): `{"mtime_ns", "size", "watermark"}`;
  an unchanged file is not re-read.
- folder: `{"files": {relative_path: [mtime_ns, size]}, "watermark"}`; only changed files are read.
- URL (feed or page): `{"etag", "last_modified", "watermark"}`; sent as a conditional GET, a
  304 yields one empty batch.
- every state also records `reader` (the kind, plus `+dayfirst`/`+monthfirst`): a state left
  by another reader is ignored, so re-reading a file with the right prefix reads it.
- watermark: ISO date, the max publication date kept so far, capped at the run's start date so
  future-dated articles never push it past "now". It is recorded, not used to filter: pass
  `since` for that.

Ids: feeds and pages keep their global ids (guid, link, URL); a file's or folder's own ids are
prefixed with its source name, `news:17` (`base.id_namespace`), so sources do not overwrite
each other.

Record rules: missing/unparseable/impossible/ambiguous dates (`dates.py`: four-digit years from
1600, day-first or month-first only when the numbers or the source's `date_order` say so),
a non-string text, a JSONL line or CSV record over `max_record_bytes` (default 10 MiB), dates
more than one day after the run started ("published in the future") and empty text are
rejects; a missing id is derived from
the content (`sha256:` + hash of source, url, title, text); timestamps keep their own offset's
date; default `source` = file stem / folder name / URL host; default language 'en'.
"""

from flows.sources.base import ARTICLE_SCHEMA, REJECT_SCHEMA, Batch, ReadContext
from flows.sources.http import HttpOptions
from flows.sources.read import read_source, read_sources
from flows.sources.specs import KINDS, SourceSpec, parse_spec, source_key

__all__ = [
    "ARTICLE_SCHEMA",
    "KINDS",
    "REJECT_SCHEMA",
    "Batch",
    "HttpOptions",
    "ReadContext",
    "SourceSpec",
    "parse_spec",
    "read_source",
    "read_sources",
    "source_key",
]
