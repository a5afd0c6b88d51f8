package io.metrics.lakehouse.airflow;

/** No HTTP answer from Airflow at all: connection refused, timeout, TLS failure, interrupted. */
public class AirflowUnreachableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AirflowUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
