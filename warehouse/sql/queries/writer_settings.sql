-- Settings of a write connection. Every writer closes its connection right after its
-- transaction, and closing checkpoints the file anyway; so a commit with more than a little to
-- write checkpoints at once instead of first logging the same rows to the WAL and then copying
-- them into the file again at close. (Skipping the WAL blocks concurrent commits during the
-- checkpoint, which costs nothing here: a file has one writing process.)
SET checkpoint_threshold = '1MB';
SET auto_checkpoint_skip_wal_threshold = 0;
