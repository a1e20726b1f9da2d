-- Version 2: runs remember their Prefect flow run, sources and per-load row counts;
-- rejects say at which stage a record was refused; readers keep incremental state.

ALTER TABLE runs ADD COLUMN flow_run_id VARCHAR;
ALTER TABLE runs ADD COLUMN sources VARCHAR[];
ALTER TABLE runs ADD COLUMN articles_new BIGINT DEFAULT 0;
ALTER TABLE runs ADD COLUMN articles_changed BIGINT DEFAULT 0;
ALTER TABLE runs ADD COLUMN articles_unchanged BIGINT DEFAULT 0;
ALTER TABLE runs ADD COLUMN timexes_loaded BIGINT DEFAULT 0;
ALTER TABLE runs ADD COLUMN events_loaded BIGINT DEFAULT 0;
ALTER TABLE runs ADD COLUMN rejects_found BIGINT DEFAULT 0;

ALTER TABLE rejects ADD COLUMN stage VARCHAR DEFAULT 'read';

CREATE TABLE source_state (
    source_key VARCHAR PRIMARY KEY,
    watermark TIMESTAMPTZ,
    etag VARCHAR,
    last_modified VARCHAR,
    cursor VARCHAR,
    extra JSON,
    updated_at TIMESTAMPTZ NOT NULL
);
