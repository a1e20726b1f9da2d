-- How many rows are drawable before the limit, how many are open-sided (not drawn) and how many
-- drawable ones span more than a year (`width_days` > 366, left out of charts by default). A count
-- of its own: a window count(*) OVER () in timeline_events.sql would hold every matching row.
{drawable}
SELECT
    count(*) FILTER (WHERE earliest IS NOT NULL AND latest IS NOT NULL) AS matched,
    count(*) FILTER (WHERE earliest IS NULL OR latest IS NULL) AS open_sided,
    count(*) FILTER (WHERE width_days > 366) AS wide
FROM scoped
