#!/usr/bin/env bash
# Throughput of the 1-minute rollup on this machine, in raw points/s per core.
#   batch-jobs/bench/run.sh [POINTS=5000000] [SERIES=2000] [AB=key=value,key=value | write]
# Starts a private local stack under batch-jobs/target/bench (free ports), writes POINTS raw points of
# one hour with Spark (local[2]), then times `rollup --granularity 1m` of that hour through the CLI
# (read, compute, partition overwrite, checksum, log row) and the rollup query alone. Goal: >= 2M
# points/s per core. With AB (Spark SQL settings), the rollup query first runs three interleaved rounds
# under each setting, to compare them on a shared machine; AB=write compares the sort + overwrite
# strategies. Timings come with the load average and the JVM's CPU time. BENCH_JFR=/path/to.jfr records
# the query into the noop sink (after one warm-up round) with JFR, and with AB the last round of each
# setting (PATH-0.jfr, PATH-1.jfr...): read them with bench/jfr-top.py. BENCH_ROUNDS: A/B rounds (3).
set -euo pipefail
cd "$(dirname "$0")/../.."
POINTS="${1:-5000000}"
SERIES="${2:-2000}"
# spark-common from this worktree (the reactor), not whatever ~/.m2 holds: the rollup is there.
./mvnw -q -o -pl spark-common,batch-jobs test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
CP="batch-jobs/target/test-classes:batch-jobs/target/classes:$(cat batch-jobs/target/bench-classpath.txt)"
SPARK_OPTS="$(sed -n "s:.*<spark.jvm.options>\(.*\)</spark.jvm.options>.*:\1:p" pom.xml)"
mkdir -p batch-jobs/target/bench/tmp
export SPARK_LOCAL_IP=127.0.0.1
# shellcheck disable=SC2086
exec java -Xmx3g $SPARK_OPTS ${BENCH_JFR:+-Dbench.jfr=$BENCH_JFR} -Dbench.rounds="${BENCH_ROUNDS:-3}" -Djava.io.tmpdir=batch-jobs/target/bench/tmp -cp "$CP" \
  io.metrics.lakehouse.batch.RollupBench "$POINTS" "$SERIES" batch-jobs/target/bench ${3:+"$3"}
