#!/usr/bin/env bash
# Bytes per point on disk of raw_points, rollup_1m and rollup_1h for realistic data.
#   batch-jobs/bench/storage.sh [SERIES=1000] [DAYS=1] [tune]
# Starts a fresh private local stack under batch-jobs/target/storage-bench (free ports), generates DAYS
# days of SERIES realistic series at 10 s (gauges with noise, counters with resets, bursty series, jittered
# timestamps; see RealisticSeries), appends them with Spark in 2-hour commits, runs `compact`,
# `rollup --granularity 1m` and `rollup --granularity 1h` through the CLI, and prints per table: files,
# bytes, rows, bytes/row, bytes per raw point, and bytes per column. With `tune`, it then tries candidate
# Parquet settings one at a time (cumulatively), rewriting every table after each, and prints a
# before/after table.
set -euo pipefail
cd "$(dirname "$0")/../.."
SERIES="${1:-1000}"
DAYS="${2:-1}"
MODE="${3:-measure}"
./mvnw -q -o -pl batch-jobs test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
CP="batch-jobs/target/test-classes:batch-jobs/target/classes:$(cat batch-jobs/target/bench-classpath.txt)"
SPARK_OPTS="$(sed -n "s:.*<spark.jvm.options>\(.*\)</spark.jvm.options>.*:\1:p" pom.xml)"
rm -rf batch-jobs/target/storage-bench
mkdir -p batch-jobs/target/storage-bench/tmp
export SPARK_LOCAL_IP=127.0.0.1
# shellcheck disable=SC2086
exec java -Xmx3g $SPARK_OPTS -Djava.io.tmpdir=batch-jobs/target/storage-bench/tmp -cp "$CP" \
  io.metrics.lakehouse.batch.StorageBench "$SERIES" "$DAYS" batch-jobs/target/storage-bench "$MODE"
