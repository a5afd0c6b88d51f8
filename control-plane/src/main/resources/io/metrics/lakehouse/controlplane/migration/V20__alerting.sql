-- Alerting (query-service, package io.metrics.lakehouse.query.alerting): rules, the state of each
-- alert instance (one per rule and label set), the audit trail of fired alerts, the notification
-- outbox with its grouping state, and silences. Every timestamp is written by the service from its
-- own clock (not now()), so that evaluation, leases and dispatch agree on one notion of time.

-- The seed's alert_rules, plus what the evaluator needs. The threshold stays inside 'expression'
-- (the seed's point: one place to look); the aggregation is parsed from it at every load.
CREATE TABLE alert_rules (
    id               UUID         PRIMARY KEY DEFAULT gen_random_uuid(),
    metric_id        UUID         NOT NULL REFERENCES metrics (id),
    name             VARCHAR(255) NOT NULL,
    expression       TEXT         NOT NULL,                 -- e.g. 'avg(value) > 500'
    window_seconds   INT          NOT NULL DEFAULT 60 CHECK (window_seconds > 0),
    severity         VARCHAR(50)  NOT NULL CHECK (severity IN ('critical', 'warning', 'info')),
    for_seconds      INT          NOT NULL DEFAULT 0 CHECK (for_seconds >= 0),
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    interval_seconds INT          NOT NULL DEFAULT 15 CHECK (interval_seconds > 0),
    tag_filters      JSONB        NOT NULL DEFAULT '[]',    -- [{"tag","op","value"|"values"}]
    group_by         JSONB        NOT NULL DEFAULT '[]',    -- label names: one alert instance per label set
    channels         JSONB        NOT NULL DEFAULT '[]',    -- channel names of the alerting config
    annotations      JSONB        NOT NULL DEFAULT '{}',    -- summary, runbook_url, ...
    no_data_policy   VARCHAR(16)  NOT NULL DEFAULT 'ok' CHECK (no_data_policy IN ('ok', 'keep', 'alerting')),
    updated_at       TIMESTAMPTZ  NOT NULL DEFAULT now(),
    -- Soft delete: alert_events keep pointing at the rule (audit trail, post-mortems).
    deleted_at       TIMESTAMPTZ,
    -- Scheduling and the lease that lets several evaluator replicas share the rules: a replica
    -- evaluates a rule only while it holds an unexpired lease on it, and writes its results only if
    -- it still does (fencing), so no rule is evaluated twice for one instant.
    next_eval_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    lease_owner      VARCHAR(128),
    lease_until      TIMESTAMPTZ
);
CREATE INDEX idx_alert_rules_due ON alert_rules (next_eval_at) WHERE deleted_at IS NULL;

-- The seed's alert_events (one row per firing: fired_at, resolved_at), plus the instance identity and
-- what was seen at fire time.
CREATE TABLE alert_events (
    id             UUID         PRIMARY KEY DEFAULT gen_random_uuid(),
    rule_id        UUID         NOT NULL REFERENCES alert_rules (id),
    fired_at       TIMESTAMPTZ  NOT NULL,
    resolved_at    TIMESTAMPTZ,                             -- NULL = still firing
    status         VARCHAR(50)  NOT NULL CHECK (status IN ('pending', 'firing', 'resolved')),
    labels         JSONB        NOT NULL DEFAULT '{}',      -- snapshot of the instance's labels at fire time
    fingerprint    VARCHAR(16)  NOT NULL,                   -- the alert instance (rule + label set)
    severity       VARCHAR(50)  NOT NULL,
    pending_since  TIMESTAMPTZ  NOT NULL,
    fire_values    JSONB        NOT NULL DEFAULT '{}',      -- e.g. {"avg(value)": 612.5}
    resolve_values JSONB,
    annotations    JSONB        NOT NULL DEFAULT '{}'
);
CREATE INDEX idx_alert_events_rule ON alert_events (rule_id, fired_at DESC);
CREATE INDEX idx_alert_events_status ON alert_events (status) WHERE resolved_at IS NULL;
CREATE INDEX idx_alert_events_fired ON alert_events (fired_at DESC);

-- The state of every alert instance that is not OK (no row = OK): pending with its timer, or firing
-- with its open event. A restarted evaluator resumes from here.
CREATE TABLE alert_instances (
    rule_id       UUID         NOT NULL REFERENCES alert_rules (id) ON DELETE CASCADE,
    fingerprint   VARCHAR(16)  NOT NULL,
    labels        JSONB        NOT NULL,
    state         VARCHAR(16)  NOT NULL CHECK (state IN ('pending', 'firing')),
    pending_since TIMESTAMPTZ  NOT NULL,
    fired_at      TIMESTAMPTZ,
    event_id      UUID         REFERENCES alert_events (id),
    last_value    DOUBLE PRECISION,
    last_eval_at  TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (rule_id, fingerprint)
);
CREATE INDEX idx_alert_instances_firing ON alert_instances (state) WHERE state = 'firing';

-- The outbox: one row per (alert instance, transition, channel), written in the transaction that
-- records the transition. dedup_key is unique per channel, so no replica or restart can enqueue the
-- same page twice; the dispatcher claims rows with FOR UPDATE SKIP LOCKED.
CREATE TABLE alert_notifications (
    id              BIGSERIAL    PRIMARY KEY,
    channel         VARCHAR(128) NOT NULL,
    dedup_key       VARCHAR(255) NOT NULL,                  -- rule/fingerprint/event/transition
    group_key       VARCHAR(1024) NOT NULL,                 -- route + channel + values of group_by labels
    group_labels    JSONB        NOT NULL DEFAULT '{}',
    group_wait_ms      BIGINT    NOT NULL,
    group_interval_ms  BIGINT    NOT NULL,
    repeat_interval_ms BIGINT    NOT NULL,
    rule_id         UUID         NOT NULL REFERENCES alert_rules (id),
    event_id        UUID         NOT NULL REFERENCES alert_events (id),
    fingerprint     VARCHAR(16)  NOT NULL,
    transition      VARCHAR(16)  NOT NULL CHECK (transition IN ('firing', 'resolved')),
    alert           JSONB        NOT NULL,                  -- the alert as sent: labels, annotations, startsAt, endsAt, values
    created_at      TIMESTAMPTZ  NOT NULL,
    status          VARCHAR(16)  NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'sent', 'failed', 'silenced', 'inhibited', 'skipped')),
    attempts        INT          NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ  NOT NULL,
    delivered_at    TIMESTAMPTZ,
    last_error      TEXT,
    UNIQUE (channel, dedup_key)
);
CREATE INDEX idx_alert_notifications_pending ON alert_notifications (next_attempt_at) WHERE status = 'pending';

-- One row per notification group: when it last sent a digest (group_interval, repeat_interval), and
-- the lock the dispatcher takes (FOR UPDATE SKIP LOCKED) so one replica sends a group's digest.
CREATE TABLE alert_notification_groups (
    channel      VARCHAR(128)  NOT NULL,
    group_key    VARCHAR(1024) NOT NULL,
    group_labels JSONB         NOT NULL DEFAULT '{}',
    last_sent_at TIMESTAMPTZ,
    -- The alerts of the group as last notified, by fingerprint: {"fp": {alert}}; firing ones are
    -- repeated after repeat_interval.
    firing       JSONB         NOT NULL DEFAULT '{}',
    repeat_interval_ms BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (channel, group_key)
);

-- Silences: matchers ([{"name","value","isRegex","isEqual"}], Alertmanager's shape) and a window.
CREATE TABLE alert_silences (
    id         UUID         PRIMARY KEY DEFAULT gen_random_uuid(),
    matchers   JSONB        NOT NULL,
    starts_at  TIMESTAMPTZ  NOT NULL,
    ends_at    TIMESTAMPTZ  NOT NULL CHECK (ends_at > starts_at),
    created_by VARCHAR(255) NOT NULL,
    comment    TEXT         NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    expired_at TIMESTAMPTZ                                  -- set by DELETE: ends the silence early
);
