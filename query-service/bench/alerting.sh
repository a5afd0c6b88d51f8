#!/usr/bin/env bash
# Alert evaluator capacity: rules evaluated per second with a scripted data source (no query cost)
# and the real PostgreSQL state. Starts its own PostgreSQL (query-service/target/bench-postgres) and
# query-service in-process; nothing else needs to run. From the repository root:
#   query-service/bench/alerting.sh [--rules=2000] [--series=4] [--rounds=6] [--flip=0.05]
set -euo pipefail
cd "$(dirname "$0")/../.."
classpath="$PWD/query-service/target/bench.classpath"
# control-plane from this tree (its migrations), not whichever version ~/.m2 holds.
./mvnw -q -o -pl control-plane,query-service test-compile
./mvnw -q -o -pl query-service dependency:build-classpath \
    -Dmdep.outputFile="$classpath" -Dmdep.includeScope=test -Dmdep.excludeArtifactIds=control-plane
test -s "$classpath"
exec java -Xmx1g \
    -cp "query-service/target/test-classes:query-service/target/classes:control-plane/target/classes:$(cat "$classpath")" \
    io.metrics.lakehouse.query.alerting.EvaluatorLoadGenerator "$@"
