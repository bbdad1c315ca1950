#!/usr/bin/env bash
# Login and refresh latency (p50/p90/p99) through the gateway of a running suite.
# Usage: ./depot up && bench/auth-latency.sh [GATEWAY_URL] [REQUESTS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
url=${1:-http://127.0.0.1:8080}
n=${2:-300}
curl -fsS -o /dev/null "$url/api" || { echo "no suite at $url: run ./depot up first" >&2; exit 1; }
exec java bench/AuthLatency.java "$url" "$n"
