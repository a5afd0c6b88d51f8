-- Backfill requests of query-service (POST /v1/backfills): what was asked, who runs it and the last
-- state seen. Progress is not stored here: it is read from Iceberg's rollup_partition_log.

CREATE TABLE backfills (
    -- Also the Airflow dag_run_id, so a run can be found from either side.
    id            UUID         PRIMARY KEY,
    range_start   TIMESTAMPTZ  NOT NULL,                -- inclusive, whole hour
    range_end     TIMESTAMPTZ  NOT NULL,                -- exclusive, whole hour
    metric_prefix VARCHAR(200) NOT NULL DEFAULT '',     -- '' = every metric
    force         BOOLEAN      NOT NULL DEFAULT false,  -- recompute partitions already logged complete
    runner        VARCHAR(16)  NOT NULL CHECK (runner IN ('airflow', 'none')),
    dag_id        VARCHAR(250),                         -- runner 'airflow' only
    -- Last state seen: queued, running, success, failed (Airflow's, mapped) or waiting (no runner).
    state         VARCHAR(16)  NOT NULL CHECK (state IN ('queued', 'running', 'success', 'failed', 'waiting')),
    error         TEXT,                                 -- why the trigger failed, when it did
    requested_by  VARCHAR(200) NOT NULL,                -- the bearer token's name ('anonymous' with auth off)
    requested_at  TIMESTAMPTZ  NOT NULL,
    updated_at    TIMESTAMPTZ  NOT NULL,
    CHECK (range_start < range_end)
);

CREATE INDEX backfills_requested_at ON backfills (requested_at DESC, id);
