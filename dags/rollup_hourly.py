"""Hourly authoritative rollups: the 1-minute rollups of the hour that just ended, then the hourly
rollup of that hour (built from its 1-minute rollups, logged per hour, so dashboards read today's
completed hours from rollup_1h). The CLI skips an hour whose 1-minute rollups are not logged complete
and says so; the task succeeds.

Each task is one spark-submit of the batch-jobs CLI (BashOperator). Both commands overwrite exactly
their partition and log it, so a retry or a re-run of an old interval is safe.
"""

from datetime import datetime, timedelta

from airflow_compat import DAG, BashOperator
from batch_jobs_cli import JOB_RUN_ID, batch_jobs_command

HOUR_START = "{{ data_interval_start.strftime('%Y-%m-%dT%H:00:00Z') }}"
HOUR_END = "{{ data_interval_end.strftime('%Y-%m-%dT%H:00:00Z') }}"

with DAG(
    dag_id="metrics_rollup_hourly",
    description="1m rollups of the previous hour, then its 1h rollup",
    schedule="@hourly",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 3, "retry_delay": timedelta(minutes=5)},
    tags=["metrics", "rollup"],
) as dag:
    rollup_1m = BashOperator(
        task_id="rollup_1m",
        bash_command=batch_jobs_command(
            "rollup",
            ["--granularity", "1m", "--from", HOUR_START, "--to", HOUR_END, "--job-run-id", JOB_RUN_ID],
        ),
    )
    rollup_1h = BashOperator(
        task_id="rollup_1h",
        bash_command=batch_jobs_command(
            "rollup",
            ["--granularity", "1h", "--from", HOUR_START, "--to", HOUR_END, "--job-run-id", JOB_RUN_ID],
        ),
    )
    rollup_1m >> rollup_1h
