-- Hive partitions year=YYYY/month=M of `earliest`; rows with a null `earliest` (durations, sets)
-- land in year=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__, which DuckDB and
-- Polars read back as null. OVERWRITE replaces only this table's folder.
-- Placeholder {table} is one of the warehouse's own table names, never user input.
COPY (SELECT *, year(earliest) AS year, month(earliest) AS month FROM {table})
TO $path (FORMAT parquet, PARTITION_BY (year, month), OVERWRITE)
