package io.metrics.lakehouse.query.alerting.notify;

/** A channel refused or failed a delivery (status and body of its answer in the message). */
public class DeliveryException extends Exception {

    public DeliveryException(String message) {
        super(message);
    }
}
