"""Manually triggered backfill: recompute the rollups of [start, end), one mapped task per day.

Conf (or the trigger form): {"start": "2026-01-01T00:00:00Z", "end": "2026-01-08T00:00:00Z",
"metric_prefix": "", "force": false}. Each day runs ``backfill`` for its hours, which skips the
partitions already logged complete (unless force) and logs each one it finishes, so a retried or
re-triggered day resumes where it stopped. Days run one at a time (max_active_tis_per_dag=1): they
share the cluster and write to the same tables.
"""

from datetime import datetime, timedelta, timezone

from airflow_compat import DAG, BashOperator, task
from batch_jobs_cli import JOB_RUN_ID, batch_jobs_command

ISO = "%Y-%m-%dT%H:%M:%SZ"


def plan_days(start, end):
    """[(from, to)] per UTC day of [start, end); start and end must be whole hours."""
    begin = datetime.strptime(start, ISO).replace(tzinfo=timezone.utc)
    finish = datetime.strptime(end, ISO).replace(tzinfo=timezone.utc)
    if begin >= finish or begin.minute or begin.second or finish.minute or finish.second:
        raise ValueError(f"start {start} and end {end} must be whole hours, start before end")
    days = []
    cursor = begin
    while cursor < finish:
        next_day = (cursor + timedelta(days=1)).replace(hour=0)
        day_end = min(next_day, finish)
        days.append((cursor.strftime(ISO), day_end.strftime(ISO)))
        cursor = day_end
    return days


with DAG(
    dag_id="metrics_rollup_backfill",
    description="Recompute 1m and 1h rollups for a range, one task per day, resumable",
    schedule=None,
    start_date=datetime(2026, 1, 1),
    catchup=False,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=10)},
    params={"start": "2026-01-01T00:00:00Z", "end": "2026-01-02T00:00:00Z", "metric_prefix": "", "force": False},
    tags=["metrics", "rollup", "backfill"],
) as dag:

    @task
    def day_commands(params=None):
        commands = []
        for day_from, day_to in plan_days(params["start"], params["end"]):
            commands.append(batch_jobs_command(
                "backfill",
                ["--from", day_from, "--to", day_to,
                 "--metric-prefix", params.get("metric_prefix") or "",
                 "--force" if params.get("force") else None,
                 "--job-run-id", JOB_RUN_ID],
            ))
        return commands

    BashOperator.partial(task_id="backfill_day", max_active_tis_per_dag=1).expand(bash_command=day_commands())
