INSERT OR REPLACE INTO source_state
    (source_key, watermark, etag, last_modified, cursor, extra, updated_at)
VALUES ($source_key, $watermark, $etag, $last_modified, $cursor, $extra::JSON, $updated_at)
