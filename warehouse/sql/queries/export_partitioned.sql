-- Hive partitions published_year=YYYY: the publication year of the row's article. The number of
-- partitions grows with the years of news collected, not with the years the text mentions (the
-- silver corpus mentions 189 distinct years, 0001 to 2049, in articles of 4 years; partitioning
-- by year/month of `earliest` wrote 405 files of about 3 KB for its 13,213 events). Rows are sorted
-- by `earliest`, so each file and row group spans a narrow date range that readers skip by its
-- Parquet statistics; a file holds at most 8 row groups (about a million rows).
-- A row whose article is missing lands in published_year=__HIVE_DEFAULT_PARTITION__ (read: null).
-- It writes into a fresh folder: warehouse/export.py swaps the result in, deleting nothing else.
-- Placeholder {table} is one of the warehouse's own table names, never user input.
COPY (
    SELECT t.*, year(a.published) AS published_year
    FROM {table} AS t
    LEFT JOIN articles AS a ON a.id = t.article_id
    ORDER BY t.earliest, t.article_id
) TO $path (FORMAT parquet, PARTITION_BY (published_year), ROW_GROUPS_PER_FILE 8)
