#!/usr/bin/env bash
# Breach-to-delivery latency of the whole product: starts it with the packaged launcher on free ports
# (data under infra/local/launcher/target/breach-bench-data), creates max(value) > 100 (for_seconds 0,
# critical, webhook to a receiver in the bench JVM), and N times pushes a breaching point through the
# gateway, waits for the page and then for the resolve. Prints p50/p99/max and where the time goes.
# Build the product first (./mvnw -o -q package -DskipTests). From the repository root:
#   infra/local/launcher/bench/breach-latency.sh [--n=10] [--interval=5] [--window=120] [--speed-layer-trigger=5s]
set -euo pipefail
cd "$(dirname "$0")/../../../.."
test -f infra/local/launcher/target/local-launcher.jar \
    || { echo "build first: ./mvnw -o -q package -DskipTests" >&2; exit 1; }
classpath="$PWD/infra/local/launcher/target/bench.classpath"
./mvnw -q -o -pl infra/local/launcher test-compile dependency:build-classpath \
    -Dmdep.outputFile="$classpath" -Dmdep.includeScope=test
test -s "$classpath"
echo "load before: $(uptime)"
cd infra/local/launcher
java -Xmx256m -cp "target/test-classes:target/classes:$(cat "$classpath")" \
    io.metrics.lakehouse.launcher.BreachLatencyBench "$@"
echo "load after: $(uptime)"
