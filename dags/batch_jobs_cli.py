"""How the DAGs call the batch-jobs CLI: one spark-submit per task (BashOperator).

Not a DAG. The DAG files build every command with ``batch_jobs_command(subcommand, [options])``
with the subcommand and option names as string literals: dags/tests/test_dags.py reads those calls
and checks them against the CLI's Java sources, since Airflow cannot be installed to try them.

Deployment settings come from the environment of the Airflow workers:
  METRICS_BATCH_JOBS_JAR       the batch-jobs jar spark-submit runs
  METRICS_CATALOG_CONFIG       the Iceberg catalog properties file (same as ``check --catalog-config``)
  METRICS_SPARK_SUBMIT         spark-submit executable (default: spark-submit on the PATH)
  METRICS_SPARK_SUBMIT_ARGS    extra spark-submit arguments (master, deploy mode, resources)
"""

import os
import shlex

CLI_CLASS = "io.metrics.lakehouse.batch.BatchJobsCli"
JAR = os.environ.get("METRICS_BATCH_JOBS_JAR", "/opt/metrics-lakehouse/batch-jobs.jar")
CATALOG_CONFIG = os.environ.get("METRICS_CATALOG_CONFIG", "/opt/metrics-lakehouse/catalog.properties")
SPARK_SUBMIT = os.environ.get("METRICS_SPARK_SUBMIT", "spark-submit")
SPARK_SUBMIT_ARGS = os.environ.get("METRICS_SPARK_SUBMIT_ARGS", "")

# Airflow's run id in the completion log: rollup_partition_log.job_run_id points back at the run.
JOB_RUN_ID = "{{ run_id }}"


def batch_jobs_command(subcommand, options):
    """The shell command that runs ``BatchJobsCli <subcommand> <options> --catalog-config ...``.

    ``options`` alternates option names and values; a value may be a Jinja template (Airflow renders
    bash_command) and is shell-quoted unless it is one. ``None`` values drop the option (e.g. a flag
    that is off).
    """
    args = [SPARK_SUBMIT, *shlex.split(SPARK_SUBMIT_ARGS), "--class", CLI_CLASS, JAR, subcommand]
    for item in options:
        if item is None:
            continue
        text = str(item)
        args.append(text if "{{" in text else shlex.quote(text))
    args += ["--catalog-config", shlex.quote(CATALOG_CONFIG)]
    return " ".join(args)
