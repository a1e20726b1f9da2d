-- Version 1: articles, their temporal expressions and events, rejects and runs.
-- A later migration must never rewrite this file: warehouses created with it exist.

CREATE TABLE articles (
    id VARCHAR PRIMARY KEY,
    source VARCHAR NOT NULL,
    url VARCHAR,
    published DATE NOT NULL,
    title VARCHAR,
    text VARCHAR NOT NULL,
    language VARCHAR,
    content_hash VARCHAR NOT NULL,
    first_seen TIMESTAMPTZ NOT NULL,
    last_seen TIMESTAMPTZ NOT NULL,
    run_id VARCHAR
);

-- No key or index on timexes/events: they are bulk-loaded by the million and replaced per
-- article; the loader keeps them unique by only writing rows of new or changed articles.
CREATE TABLE timexes (
    article_id VARCHAR NOT NULL,
    timex_index INTEGER NOT NULL,
    start INTEGER,
    "end" INTEGER,
    text VARCHAR,
    type VARCHAR,
    value VARCHAR,
    mod VARCHAR,
    earliest DATE,
    latest DATE,
    granularity VARCHAR,
    anchor VARCHAR,
    rule VARCHAR
);

CREATE TABLE events (
    article_id VARCHAR NOT NULL,
    event_index INTEGER NOT NULL,
    sentence_index INTEGER,
    sentence VARCHAR,
    what VARCHAR,
    timex_index INTEGER,
    timex_text VARCHAR,
    value VARCHAR,
    mod VARCHAR,
    earliest DATE,
    latest DATE,
    granularity VARCHAR,
    relation VARCHAR,
    confidence DOUBLE
);

CREATE TABLE rejects (
    source VARCHAR,
    location VARCHAR,
    reason VARCHAR NOT NULL,
    payload VARCHAR,
    run_id VARCHAR,
    rejected_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE runs (
    run_id VARCHAR PRIMARY KEY,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    status VARCHAR NOT NULL,
    counts JSON
);

CREATE VIEW timeline AS
SELECT e.article_id, a.published, a.source, a.title, e.what AS event, e.earliest, e.latest
FROM events AS e
JOIN articles AS a ON a.id = e.article_id
ORDER BY e.earliest;
