package io.metrics.lakehouse.launcher;

/** A product process the launcher started and stops (a service, a Spark job). */
interface LaunchedProcess extends AutoCloseable {

    /** One line for the start-up summary. */
    String describe();

    @Override
    void close();
}
