#!/usr/bin/env bash
# Events per second analytics-service's consumer applies to its read models: sends EVENTS events (a mix
# of uploads, downloads, link accesses, folders, processing and logins over EVENTS/200 users) to the real
# topics and times until every one is applied (analytics-service's ConsumerThroughputBench, against a
# fresh database). Needs PostgreSQL and a Kafka broker: KAFKA_BOOTSTRAP_SERVERS, by default the one
# ./depot up runs. Usage: bench/analytics-throughput.sh [EVENTS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
events=${1:-20000}
export KAFKA_BOOTSTRAP_SERVERS=${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:${DEPOT_KAFKA_PORT:-9092}}
# The libraries analytics-service uses must be in the local repository (mvn install -DskipTests once).
mvn -B -q verify -pl analytics-service -Dtest=ConsumerThroughputBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Ddepot.bench.events="$events"
cat analytics-service/target/analytics-throughput.txt
