#!/usr/bin/env bash
# Sustained throughput and freshness of the speed layer on this machine.
#   speed-layer/bench/throughput-freshness.sh [POINTS_PER_SECOND=50000] [SECONDS=60]
# Starts a private local stack under speed-layer/target/bench (free ports), the job in its own JVM
# (Spark local[2], 5 s trigger), produces POINTS_PER_SECOND as 1000-point PointBatch records for
# SECONDS, and prints the achieved rate and freshness (producer ack -> visible through Trino)
# p50/p99/max, plus p50 of the first and last fifth of the run (equal: the job keeps up).
set -euo pipefail
cd "$(dirname "$0")/../.."
RATE="${1:-50000}"
SECONDS_TO_RUN="${2:-60}"
./mvnw -q -o -pl speed-layer test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
CP="speed-layer/target/test-classes:speed-layer/target/classes:$(cat speed-layer/target/bench-classpath.txt)"
SPARK_OPTS="$(sed -n "s:.*<spark.jvm.options>\(.*\)</spark.jvm.options>.*:\1:p" pom.xml)"
mkdir -p speed-layer/target/bench/tmp
export SPARK_LOCAL_IP=127.0.0.1
# shellcheck disable=SC2086
exec java -Xmx2g $SPARK_OPTS -Djava.io.tmpdir=speed-layer/target/bench/tmp -cp "$CP" \
  io.metrics.lakehouse.speed.SpeedLayerBench "$RATE" "$SECONDS_TO_RUN" speed-layer/target/bench
