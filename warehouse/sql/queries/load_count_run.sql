-- Running totals of what the run's batches wrote.
UPDATE runs
SET
    articles_new = articles_new + $articles_new,
    articles_changed = articles_changed + $articles_changed,
    articles_unchanged = articles_unchanged + $articles_unchanged,
    timexes_loaded = timexes_loaded + $timexes,
    events_loaded = events_loaded + $events,
    rejects_found = rejects_found + $rejects
WHERE run_id = $run_id
