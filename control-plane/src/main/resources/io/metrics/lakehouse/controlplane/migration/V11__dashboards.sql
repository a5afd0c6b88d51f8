-- Dashboards of query-service: saved panels, their time range and auto-refresh, shareable by id
-- (/dashboards/{id}). V10 is reserved for the query engine; V11-V19 query-service, V20+ alerting.

CREATE TABLE dashboards (
    id         UUID         PRIMARY KEY DEFAULT gen_random_uuid(),  -- in the shareable URL
    name       VARCHAR(200) NOT NULL,
    -- [{"title","metric","tags":[filter...],"group_by":[key...],"agg","step"?}], validated by
    -- query-service with the query API's own rules before it is stored.
    panels     JSONB        NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(panels) = 'array'),
    time_from  VARCHAR(64)  NOT NULL DEFAULT 'now-1h',              -- the query API's time syntax
    time_to    VARCHAR(64)  NOT NULL DEFAULT 'now',
    refresh    VARCHAR(8)   NOT NULL DEFAULT 'off' CHECK (refresh IN ('off', '10s', '30s', '1m')),
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE INDEX dashboards_name ON dashboards (lower(name), created_at);
