package io.metrics.lakehouse.airflow;

import io.metrics.lakehouse.airflow.api.ApiProblem;

/**
 * Airflow answered with an error status. {@link #status()} 4xx: the request was wrong for this Airflow
 * (unknown DAG 404, run id taken 409, bad conf 400, credentials 401/403): retrying will not help;
 * 5xx: Airflow failed, a retry later may succeed. {@link #problem()} is Airflow's problem body when it
 * sent one.
 */
public class AirflowApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String method;
    private final String path;
    private final int status;
    private final transient ApiProblem problem;

    public AirflowApiException(String method, String path, int status, ApiProblem problem, String bodyExcerpt) {
        super("Airflow " + method + " " + path + " answered " + status + ": " + describe(problem, bodyExcerpt));
        this.method = method;
        this.path = path;
        this.status = status;
        this.problem = problem;
    }

    private static String describe(ApiProblem problem, String bodyExcerpt) {
        if (problem == null) {
            return bodyExcerpt.isBlank() ? "(no body)" : bodyExcerpt;
        }
        String title = problem.title() == null ? "" : problem.title();
        String detail = problem.detail() == null ? "" : problem.detail();
        return detail.isEmpty() ? title : title.isEmpty() ? detail : title + ": " + detail;
    }

    public String method() {
        return method;
    }

    /** The request path below the base URL, e.g. {@code /dags/x/dagRuns}. */
    public String path() {
        return path;
    }

    public int status() {
        return status;
    }

    public ApiProblem problem() {
        return problem;
    }

    public boolean clientError() {
        return status >= 400 && status < 500;
    }

    public boolean serverError() {
        return status >= 500;
    }
}
