-- The joined `timeline` view with its own column names (`event`, `width_days`, …) and order
-- (earliest, published, article, event), for readers that never open the warehouse. Partitions
-- and file sizes as in export_partitioned.sql: published_year=YYYY from the article's `published`.
COPY (
    SELECT *, year(published) AS published_year
    FROM timeline
) TO $path (FORMAT parquet, PARTITION_BY (published_year), ROW_GROUPS_PER_FILE 8)
