package io.metrics.lakehouse.gateway.scrape;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One endpoint to scrape, as discovery produced it.
 *
 * @param job      the scrape job's name (label {@code job})
 * @param url      what is fetched: scheme://host:port/metrics_path
 * @param labels   the target's labels, {@code job} and {@code instance} (host:port) included; they win over
 *                 labels of the same name in the exposition (those are kept as {@code exported_<name>})
 * @param interval time between two scrapes
 * @param timeout  bound of one scrape
 */
public record ScrapeTarget(String job, URI url, Map<String, String> labels, Duration interval, Duration timeout) {

    public static final String JOB = "job";
    public static final String INSTANCE = "instance";

    /** Identity for the scheduler: the same URL and labels are the same target across reloads. */
    public String key() {
        return url + " " + new java.util.TreeMap<>(labels);
    }
}
