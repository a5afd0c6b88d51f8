package io.metrics.lakehouse.gateway.kafka;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;

/**
 * A long-lived Kafka admin client for the health check (cheaper than one per check, and it keeps
 * its connection between probes). Short request timeouts come from {@link KafkaConfiguration#adminProperties()}.
 */
public class ManagedKafkaAdmin implements Managed {

    private final KafkaConfiguration configuration;
    private volatile Admin admin;

    public ManagedKafkaAdmin(KafkaConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public void start() {
        admin = Admin.create(configuration.adminProperties());
    }

    @Override
    public void stop() {
        Admin current = admin;
        admin = null;
        if (current != null) {
            current.close(Duration.ofSeconds(2));
        }
    }

    /** The running admin client; only valid between {@link #start()} and {@link #stop()}. */
    public Admin admin() {
        Admin current = admin;
        if (current == null) {
            throw new IllegalStateException("the Kafka admin client is not running");
        }
        return current;
    }
}
