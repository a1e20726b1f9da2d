SELECT table_name
FROM duckdb_tables()
WHERE schema_name = 'main' AND NOT temporary AND database_name = current_database()
ORDER BY table_name
