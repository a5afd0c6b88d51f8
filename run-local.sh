#!/usr/bin/env bash
# Builds the product and runs it on this machine (the embedded default): PostgreSQL, an S3-compatible
# store, Kafka, Trino, the Iceberg tables and the services, all on 127.0.0.1, data under ./data.
# Options go to the launcher: ./run-local.sh --help
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q -ntp -DskipTests package -pl infra/local/launcher -am
exec java -Xmx1g -jar infra/local/launcher/target/local-launcher.jar "$@"
