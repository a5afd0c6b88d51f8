package io.metrics.lakehouse.query.health;

import com.codahale.metrics.health.HealthCheck.Result;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a health probe on a separate thread and gives up after a deadline, so a hanging peer makes
 * the check unhealthy instead of hanging {@code /healthcheck}. Unlike Dropwizard's
 * {@code TimeBoundHealthCheck} it keeps the reason of a failure and cancels a probe that timed out.
 */
final class TimeBoundCheck {

    private final ExecutorService executor;

    TimeBoundCheck(ExecutorService executor) {
        this.executor = executor;
    }

    Result run(String peer, long timeoutMs, Callable<Result> probe) {
        Future<Result> future = executor.submit(probe);
        try {
            return future.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return Result.unhealthy("%s did not answer within %d ms", peer, timeoutMs);
        } catch (ExecutionException e) {
            return Result.unhealthy("%s is not usable: %s", peer, reason(e.getCause()));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return Result.unhealthy("%s: health check interrupted", peer);
        }
    }

    /** The failure and, when different, its root cause: "SQLException: ... (caused by ConnectException: ...)". */
    static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = describe(failure);
        return root == failure ? text : text + " (caused by " + describe(root) + ")";
    }

    private static String describe(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
