-- Placeholder {table} is one of the warehouse's own table names, never user input.
COPY (SELECT * FROM {table}) TO $path (FORMAT parquet)
