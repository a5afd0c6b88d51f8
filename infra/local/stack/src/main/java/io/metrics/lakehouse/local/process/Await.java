package io.metrics.lakehouse.local.process;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a readiness probe until it answers true, with a deadline and a message that says what failed. */
public final class Await {

    private Await() {
    }

    /**
     * @param what           what is awaited, for the error message ("Trino to accept queries")
     * @param probe          true when ready; an exception counts as not ready yet
     * @param stillWorthIt   false when waiting is pointless (e.g. the process died)
     * @param diagnostics    extra text for the error message (e.g. the last lines of a log)
     */
    public static void until(String what, Duration timeout, Callable<Boolean> probe,
                             Callable<Boolean> stillWorthIt, Callable<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                if (Boolean.TRUE.equals(probe.call())) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            boolean worthIt;
            try {
                worthIt = stillWorthIt.call();
            } catch (Exception e) {
                worthIt = false;
            }
            if (!worthIt || System.nanoTime() > deadline) {
                String reason = worthIt ? "timed out after " + timeout.toSeconds() + " s" : "the process exited";
                String details;
                try {
                    details = diagnostics.call();
                } catch (Exception e) {
                    details = "";
                }
                throw new IllegalStateException("Waiting for " + what + ": " + reason
                        + (last != null ? " (last error: " + last + ")" : "")
                        + (details.isEmpty() ? "" : System.lineSeparator() + details), last);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }
}
