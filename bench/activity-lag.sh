#!/usr/bin/env bash
# Lag from upload to activity entry through the running suite (./depot up with
# DEPOT_RATE_LIMIT_ENABLED=false, as this polls far faster than a person would).
# Usage: bench/activity-lag.sh [UPLOADS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
gw=${DEPOT_GATEWAY:-http://127.0.0.1:8080}
curl -fsS -o /dev/null "$gw/api" || { echo "no suite at $gw: run ./depot up first" >&2; exit 1; }
name=bench$RANDOM$RANDOM
token=$(curl -fsS -H 'Content-Type: application/json' \
  -d "{\"email\":\"$name@example.com\",\"username\":\"$name\",\"password\":\"a long enough passphrase\"}" \
  "$gw/api/auth/register" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
java bench/ActivityLag.java "$gw" "$token" "${1:-100}"
