package io.metrics.lakehouse.gateway.scrape;

/** A scraped body that is not valid Prometheus text exposition / OpenMetrics; names the line. */
public class ExpositionFormatException extends Exception {

    public ExpositionFormatException(int line, String problem) {
        super("line " + line + ": " + problem);
    }
}
