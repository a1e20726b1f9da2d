SELECT source_key, watermark, etag, last_modified, cursor, extra::VARCHAR AS extra, updated_at
FROM source_state
WHERE source_key = $source_key
