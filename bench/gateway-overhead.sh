#!/usr/bin/env bash
# What the gateway adds: latency (p50/p99) and throughput of the same files-service endpoints called
# directly and through the gateway of a running suite (./depot up), in the same run: the file list
# (GET /api/cdn/files/) and a 1 MB download (GET /api/cdn/files/{id}/content).
#
# The gateway's rate limits (100 requests a minute per user by default) would refuse a benchmark, so
# the suite must run with limits it cannot reach; they stay switched on, so that their cost is
# measured too:
#   ./depot down && DEPOT_RATE_LIMIT_STANDARD=100000000 DEPOT_RATE_LIMIT_DOWNLOAD=100000000 ./depot up
#
# Usage: bench/gateway-overhead.sh [RATE req/s] [SECONDS per phase] [CONCURRENCY]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rate=${1:-100}
seconds=${2:-20}
concurrency=${3:-16}
gw=${DEPOT_GATEWAY:-http://127.0.0.1:8080}
files=${DEPOT_FILES_SERVICE:-http://127.0.0.1:8082}
curl -fsS -o /dev/null "$gw/api" || { echo "no suite at $gw: run ./depot up first" >&2; exit 1; }
curl -fsS -o /dev/null "${DEPOT_FILES_MANAGEMENT:-http://127.0.0.1:9082}/q/health/ready" || { echo "no files-service at $files" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
name=bench$RANDOM$RANDOM
token=$(curl -fsS -H 'Content-Type: application/json' \
  -d "{\"email\":\"$name@example.com\",\"username\":\"$name\",\"password\":\"a long enough passphrase\"}" \
  "$gw/api/auth/register" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
[[ -n $token && $token != *'{'* ]] || { echo "could not register a user at $gw/api/auth/register" >&2; exit 1; }
auth=(-H "Authorization: Bearer $token")

# Limits the run would reach make it measure 429s: refuse to start instead.
limit_of() {
  curl -fsS -o /dev/null -D - "${auth[@]}" "$1" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-ratelimit-limit" { print $2 }'
}
needed=$((rate * seconds + 1000000))
head -c 1048576 /dev/urandom >"$work/1MB.bin"
res=$(curl -sS -o "$work/upload" -w '%{http_code}' "${auth[@]}" -F "file=@$work/1MB.bin;filename=bench-1MB.bin" \
  "$gw/api/cdn/files/upload/")
[[ $res == 201 || $res == 200 ]] || { echo "upload failed: HTTP $res $(cat "$work/upload")" >&2; exit 1; }
id=$(sed -E 's/.*"file":\{"id":"([^"]+)".*/\1/' "$work/upload")
for url in "$gw/api/cdn/files/" "$gw/api/cdn/files/$id/content"; do
  limit=$(limit_of "$url")
  if [[ -n $limit ]] && ((limit < needed)); then
    echo "the gateway limits $url to $limit requests per window: restart the suite with higher limits, e.g." >&2
    echo "  ./depot down && DEPOT_RATE_LIMIT_STANDARD=100000000 DEPOT_RATE_LIMIT_DOWNLOAD=100000000 ./depot up" >&2
    exit 1
  fi
  [[ -n $limit ]] || echo "note: no X-RateLimit-Limit from $url: rate limiting is off, its cost is not measured"
done

echo "gateway $gw against files-service $files; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
java bench/GatewayOverhead.java "$token" "$rate" "$seconds" "$concurrency" \
  "file list" "$files/api/cdn/files/?page_size=20" "$gw/api/cdn/files/?page_size=20" \
  "1 MB download" "$files/api/cdn/files/$id/content" "$gw/api/cdn/files/$id/content"
