package io.metrics.lakehouse.query.backfill.core;

/** The runner did not accept a backfill (Airflow answered an error or not at all). */
public class RunnerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RunnerException(String message, Throwable cause) {
        super(message, cause);
    }
}
