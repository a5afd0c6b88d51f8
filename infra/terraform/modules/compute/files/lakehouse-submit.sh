#!/bin/bash
# lakehouse-submit: how EMR steps (the speed layer at cluster start, the batch jobs from Airflow)
# run the product's applications on the Spark cluster. Installed by the bootstrap action as
# /opt/metrics-lakehouse/bin/lakehouse-submit; settings in /etc/metrics-lakehouse/lakehouse.env.
#
#   lakehouse-submit schemas <iceberg-schemas CLI arguments>
#       java -jar iceberg-schemas-cli.jar ... (e.g. apply --catalog-config "$CATALOG_CONFIG")
#   lakehouse-submit spark <speed-layer|batch-jobs> [spark-submit options] -- <application arguments>
#       spark-submit of the application jar on the product's Spark 4 runtime, YARN cluster mode
#
# Jars are read from s3://$ARTIFACTS_BUCKET/jars/<name>.jar at every call, so a new upload is
# picked up by the next run without touching the cluster.
set -euo pipefail
# shellcheck disable=SC1091
. /etc/metrics-lakehouse/lakehouse.env

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fetch() {
  aws s3 cp --only-show-errors "s3://$ARTIFACTS_BUCKET/jars/$1" "$work/$1"
  echo "$work/$1"
}

command=${1:-}
[ $# -gt 0 ] && shift
case "$command" in
  schemas)
    jar=$(fetch iceberg-schemas-cli.jar)
    exec java -jar "$jar" "$@"
    ;;
  spark)
    app=${1:?usage: lakehouse-submit spark <speed-layer|batch-jobs> [spark options] -- <args>}
    shift
    case "$app" in
      speed-layer) main=io.metrics.lakehouse.speed.SpeedLayerApp ;;
      batch-jobs) main=io.metrics.lakehouse.batch.BatchJobsCli ;;
      *) echo "lakehouse-submit: unknown application $app" >&2; exit 2 ;;
    esac
    spark_opts=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do spark_opts+=("$1"); shift; done
    [ "${1:-}" = "--" ] && shift
    jar=$(fetch "$app.jar")
    # The catalog properties file exists at the same path on every node (bootstrap action), so the
    # driver finds it wherever YARN places it.
    exec "$SPARK_HOME/bin/spark-submit" --name "metrics-$app" --class "$main" \
      "${spark_opts[@]}" "$jar" "$@"
    ;;
  *)
    echo "usage: lakehouse-submit schemas <args> | lakehouse-submit spark <app> [spark options] -- <args>" >&2
    exit 2
    ;;
esac
