-- Version 4: `articles` keeps its columns and NOT NULL checks but loses the PRIMARY KEY index.
-- DuckDB maintains that index row by row on every insert and writes it at each commit, which
-- cost about as much as inserting the million timex rows of a 100k-article batch. Uniqueness of
-- `id` is kept by the loader, the warehouse's only writer: it deduplicates each batch and
-- classifies every id as new, changed or unchanged against `articles` before inserting only the
-- new ones, inside one transaction, while DuckDB's file lock admits one writing process.

CREATE TABLE articles_v4 (
    id VARCHAR NOT NULL,
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

INSERT INTO articles_v4
SELECT id, source, url, published, title, text, language, content_hash, first_seen, last_seen, run_id
FROM articles;

DROP TABLE articles;

ALTER TABLE articles_v4 RENAME TO articles;
