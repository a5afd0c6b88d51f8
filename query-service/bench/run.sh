#!/bin/sh
# Query benchmark: starts the local stack (test JVM), loads N series (raw every 10 s for 7 days,
# minute rollups for 30 days) into the Iceberg tables through Trino, starts query-service and
# prints p50/p99 latency of a last-hour panel (cache cold and warm) and a 30-day panel with 1 and
# 20 concurrent clients.
#   query-service/bench/run.sh [SERIES] [ROUNDS]      e.g. query-service/bench/run.sh 1000 10
# Options (environment): BENCH_RAW_DAYS (7), BENCH_ROLLUP_DAYS (30), BENCH_MINUTE_DAYS (= rollup days: the newest
# days that also get minute rollups), BENCH_RECENT_WINDOW (true: query-service
# reads the points topic, the last 2 h published there as the gateway would; false: every query on Trino),
# BENCH_HOLD_SECONDS (0: keep the loaded stack up that long after the runs, to look into Trino by hand).
set -eu
cd "$(dirname "$0")/../.."
SERIES="${1:-100}"
ROUNDS="${2:-10}"
rm -f query-service/target/bench-results.txt
./mvnw -o -q -pl query-service test -Dtest=QueryBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.series="$SERIES" -Dbench.rounds="$ROUNDS" \
  -Dbench.rawDays="${BENCH_RAW_DAYS:-7}" -Dbench.rollupDays="${BENCH_ROLLUP_DAYS:-30}" \
  -Dbench.minuteDays="${BENCH_MINUTE_DAYS:-${BENCH_ROLLUP_DAYS:-30}}" \
  -Dbench.recentWindow="${BENCH_RECENT_WINDOW:-true}" -Dbench.holdSeconds="${BENCH_HOLD_SECONDS:-0}"
cat query-service/target/bench-results.txt
