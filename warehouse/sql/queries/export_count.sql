-- Placeholder {table} is one of the warehouse's own table or view names, never user input.
SELECT count(*) FROM {table}
