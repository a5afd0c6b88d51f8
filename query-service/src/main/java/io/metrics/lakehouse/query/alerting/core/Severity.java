package io.metrics.lakehouse.query.alerting.core;

/** Rule severities, most severe first (the seed's set). */
public enum Severity {
    CRITICAL, WARNING, INFO
}
