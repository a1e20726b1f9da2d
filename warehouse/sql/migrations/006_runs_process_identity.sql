-- Version 6: a run names the process that writes it (host, pid and that process's start time),
-- so the next run can tell a `running` row whose process died (kill -9, power loss, a failure
-- before its staging folder existed) from one still at work, and mark it abandoned.

ALTER TABLE runs ADD COLUMN host VARCHAR;
ALTER TABLE runs ADD COLUMN pid BIGINT;
ALTER TABLE runs ADD COLUMN process_started VARCHAR;
