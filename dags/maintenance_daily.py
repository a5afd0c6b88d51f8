"""Daily storage maintenance: retention, then compaction.

retention expires what is older than each table's retention (raw 7 days, 1-minute rollups 30 days,
hourly 1 year, provisional speed minutes 2 days; the tables' metrics.retention-period properties),
never raw days whose 1-minute rollups are not all logged complete (the task log lists those), then
expires snapshots and deletes orphan files. compact then rewrites the small files and merge-on-read
deletes the speed layer left in raw_points and speed_rollup_1m (settled partitions only), and the
small files the hourly rollups' MERGEs append to series (the whole table).

Retention is measured from the end of the run's data interval, not from the wall clock, so a retried
or re-run day expires exactly what it would have expired on time. Each task is one spark-submit of the
batch-jobs CLI (BashOperator).
"""

from datetime import datetime, timedelta

from airflow_compat import DAG, BashOperator
from batch_jobs_cli import batch_jobs_command

INTERVAL_END = "{{ data_interval_end.strftime('%Y-%m-%dT%H:%M:%SZ') }}"

with DAG(
    dag_id="metrics_maintenance_daily",
    description="Retention (data, snapshots, orphan files), then compaction of the streaming tables",
    schedule="@daily",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=15)},
    tags=["metrics", "retention", "compaction"],
) as dag:
    retention = BashOperator(
        task_id="retention",
        bash_command=batch_jobs_command("retention", ["--now", INTERVAL_END]),
    )
    compact = BashOperator(
        task_id="compact",
        bash_command=batch_jobs_command("compact", ["--table", "raw_points,speed_rollup_1m,series"]),
    )
    retention >> compact
