package io.metrics.lakehouse.query.alerting.core;

/** The state of an alert instance. OK instances have no stored row; RESOLVED is OK after FIRING. */
public enum AlertState {
    OK, PENDING, FIRING
}
