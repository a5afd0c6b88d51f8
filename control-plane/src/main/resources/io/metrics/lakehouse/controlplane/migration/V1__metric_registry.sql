-- The metric registry and the known series of each metric (the shared state of the cardinality
-- limit). Owned by ingest-gateway for now; query-service reads the same database.

CREATE TABLE metrics (
    id                UUID         PRIMARY KEY DEFAULT gen_random_uuid(),
    name              VARCHAR(255) NOT NULL UNIQUE,          -- e.g. 'api.latency.p99'
    description       TEXT,
    unit              VARCHAR(50),                           -- e.g. 'ms', 'requests', 'bytes'
    type              VARCHAR(32)  NOT NULL DEFAULT 'gauge'
                      CHECK (type IN ('gauge', 'counter', 'histogram-summary')),
    -- NULL: the gateway's global default allowlist (ingest.validation.allowedTagKeys) applies.
    allowed_tag_keys  TEXT[],
    -- NULL: the gateway's default limit (registry.defaultCardinalityLimit) applies.
    cardinality_limit BIGINT       CHECK (cardinality_limit >= 0),
    -- Rows of metric_series for this metric. Only changed together with metric_series, in the same
    -- transaction, under this row's lock: the count every replica checks the limit against.
    series_count      BIGINT       NOT NULL DEFAULT 0,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE metric_series (
    metric_id     UUID        NOT NULL REFERENCES metrics (id) ON DELETE CASCADE,
    series_id     BIGINT      NOT NULL,                      -- io.metrics.lakehouse.core.SeriesId
    first_seen_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (metric_id, series_id)
);
