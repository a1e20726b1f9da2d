SELECT status, count(*) AS n FROM batch_status GROUP BY status
