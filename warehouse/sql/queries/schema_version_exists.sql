SELECT count(*) > 0
FROM duckdb_tables()
WHERE table_name = 'schema_version' AND schema_name = 'main' AND NOT temporary
