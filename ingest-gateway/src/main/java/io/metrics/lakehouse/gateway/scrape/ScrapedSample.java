package io.metrics.lakehouse.gateway.scrape;

import java.util.Map;

/**
 * One sample line of a scraped exposition.
 *
 * @param name            the sample's name as exposed (e.g. {@code http_requests_total}, {@code rpc_seconds_bucket})
 * @param familyType      the type its {@code # TYPE} line declared for its family ({@code counter}, {@code gauge},
 *                        {@code histogram}, {@code summary}, ...), {@code untyped} without one
 * @param suffix          the part of the name after the family name ({@code _total}, {@code _bucket}, ... or empty)
 * @param labels          labels in exposition order
 * @param timestampMillis the sample's own timestamp, or null (then the scrape's time applies)
 */
public record ScrapedSample(String name, String familyType, String suffix, Map<String, String> labels, double value,
        Long timestampMillis) {
}
