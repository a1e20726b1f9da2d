-- Placeholder {table} is one of the warehouse's own table names, never user input.
SELECT count(*) FROM {table}
