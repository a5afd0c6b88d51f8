package io.metrics.lakehouse.query.alerting.notify;

/** Delivers a digest to one channel; throws when the channel did not accept it (the dispatcher retries). */
public interface Notifier {

    void send(Digest digest) throws Exception;
}
