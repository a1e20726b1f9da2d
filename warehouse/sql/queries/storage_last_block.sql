-- The highest block a table's stored data uses. Placeholder {table} is a name from
-- user_tables.sql (the warehouse's own tables), never user input.
SELECT max(block_id) FROM pragma_storage_info('{table}') WHERE persistent
