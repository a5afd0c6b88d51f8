#!/usr/bin/env bash
# Load benchmark of a RUNNING ingest gateway (it starts nothing itself). Start the product first:
#   ./run-local.sh                      (stack + gateway on 127.0.0.1:8081)
# then, from the repository root:
#   ingest-gateway/bench/run.sh [--url=http://127.0.0.1:8081] [--endpoints=ingest,remote_write]
#       [--seconds=30] [--max-requests=1000000] [--concurrency=8] [--hosts=200] [--metrics=100]
#       [--points=2000] [--pool=400] [--cpu-pids=gateway:PID,kafka:PID]
# Prints, per endpoint, acknowledged points/s, request latency p50/p99/max and the CPU (cores) of the
# generator and of the processes named in --cpu-pids during the run. Loopback targets only.
set -euo pipefail
cd "$(dirname "$0")/../.."
classpath="$PWD/ingest-gateway/target/bench.classpath"
./mvnw -q -o -pl ingest-gateway test-compile dependency:build-classpath \
    -Dmdep.outputFile="$classpath" -Dmdep.includeScope=test
test -s "$classpath"
exec java -Xmx1g -XX:+UseParallelGC \
    -cp "ingest-gateway/target/test-classes:ingest-gateway/target/classes:$(cat "$classpath")" \
    io.metrics.lakehouse.gateway.bench.LoadGenerator "$@"
