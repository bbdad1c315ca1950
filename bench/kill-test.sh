#!/usr/bin/env bash
# The scale-out proof: two replicas of every service, blobs on S3 (S3Proxy), shared state in Redis.
# Clients upload (100 KB, 50 MB, PNGs), download, resume tus uploads, list and use public links through
# both gateways (bench/KillTest.java) while one replica of each service in turn is killed with kill -9
# and restarted. Then: how many requests failed after one retry (the target is 0), whether every file
# is listed once and downloads with its SHA-256, whether every upload has one activity entry and every
# PNG one thumbnail job, and ./depot doctor's consistency check.
# Usage: bench/kill-test.sh [SECONDS] [CLIENTS]   (stops a running suite first; leaves this one running)
# The load lasts SECONDS (60) or until the last killed replica is back and 10 s more, whichever is longer.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:-60}
clients=${2:-4}
services=(auth-service files-service sharing-service analytics-service processing-worker gateway)
command -v redis-cli >/dev/null && redis-cli ping >/dev/null 2>&1 ||
  { echo "a Redis on 127.0.0.1:6379 is needed (the replicas share their state in it)" >&2; exit 1; }

./depot down >/dev/null
# Databases of its own: the doctor's verdict is then about this run's data (and blobs, on S3) alone.
export DEPOT_DB_PREFIX=depot_kill$(date +%s)
# No rate limits, in the first start and in every restart.
export DEPOT_RATE_LIMIT_ENABLED=false
./depot up --s3 --replicas 2 | tail -3

# The load goes on until every service has lost a replica and got it back, and for SECONDS at least.
stop=$(mktemp -u)
log=$(mktemp)
java bench/KillTest.java 3600 "$clients" http://127.0.0.1:8080,http://127.0.0.1:8180 "$stop" | tee "$log" &
client=$!
# The clients register first: the killing starts with the load.
until grep -q '^load: started' "$log"; do
  kill -0 "$client" 2>/dev/null || { wait "$client"; exit 1; }
  sleep 0.5
done
started=$SECONDS
# One service at a time, replicas 1 and 2 in turn: kill -9, then started again at once (./depot restart
# waits until it is ready, under the load).
for i in "${!services[@]}"; do
  sleep 10
  victim=${services[$i]}
  ((i % 2 == 1)) && victim=$victim.2
  pid=$(cat ".depot/run/$victim.pid")
  echo "kill -9 $victim (pid $pid) at $((SECONDS - started)) s"
  kill -9 "$pid"
  # Gone, and its ports with it, before the same ports are asked for again.
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  ./depot restart "$victim" | tail -1
done
sleep $((seconds - (SECONDS - started) > 10 ? seconds - (SECONDS - started) : 10))
touch "$stop"
echo "load stopped at $((SECONDS - started)) s"
rc=0
wait "$client" || rc=$?
echo "./depot doctor:"
./depot doctor | tail -5 || rc=1
rm -f "$stop" "$log"
exit "$rc"
