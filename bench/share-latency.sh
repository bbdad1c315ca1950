#!/usr/bin/env bash
# Public-link resolution latency: a file link and a folder link (50 files) opened anonymously at a
# fixed rate, through the gateway and, in the same run, straight at sharing-service (the gateway's
# share of the time). Each resolution looks the token up, asks files-service over its /internal
# API and logs the visit (one row and one outbox event). Needs a running suite (./depot up).
# Usage: bench/share-latency.sh [RATE req/s] [SECONDS per case]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rate=${1:-50}
seconds=${2:-20}
gw=${DEPOT_GATEWAY:-http://127.0.0.1:8080}
sharing=${DEPOT_SHARING_URL:-http://127.0.0.1:8083}
curl -fsS -o /dev/null "$gw/api" || { echo "no suite at $gw: run ./depot up first" >&2; exit 1; }
curl -sS -D - -o /dev/null "$gw/api/cdn/files/" | grep -qi '^x-ratelimit-limit' &&
  { echo "the gateway is rate limiting: restart the suite with DEPOT_RATE_LIMIT_ENABLED=false ./depot up" >&2; exit 1; }

json() { sed -E "s/.*\"$1\":\"([^\"]+)\".*/\1/"; }
name=bench$RANDOM$RANDOM
token=$(curl -fsS -H 'Content-Type: application/json' \
  -d "{\"email\":\"$name@example.com\",\"username\":\"$name\",\"password\":\"a long enough passphrase\"}" \
  "$gw/api/auth/register" | json access_token)
auth=(-H "Authorization: Bearer $token")
folder=$(curl -fsS "${auth[@]}" -H 'Content-Type: application/json' -d '{"name":"shared"}' "$gw/api/cdn/folders/" | json id)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for i in $(seq 1 50); do
  head -c 20000 /dev/urandom >"$tmp/photo-$i.jpg"
  file=$(curl -fsS "${auth[@]}" -F "file=@$tmp/photo-$i.jpg" -F "folder_id=$folder" "$gw/api/cdn/files/upload/" \
    | sed -E 's/.*"file":\{"id":"([^"]+)".*/\1/')
done
link() { curl -fsS "${auth[@]}" -H 'Content-Type: application/json' -d "$1" "$gw/api/cdn/shares/" | json public_token; }
file_link=$(link "{\"resource_type\":\"file\",\"resource_id\":\"$file\",\"is_public\":true}")
folder_link=$(link "{\"resource_type\":\"folder\",\"resource_id\":\"$folder\",\"is_public\":true}")

echo "public-link resolution, open loop at $rate req/s, anonymous:"
run() { java bench/FixedRate.java "$1" "$2" - "$rate" "$seconds"; }
run "file via gateway" "$gw/api/cdn/shares/public/$file_link/"
run "file direct" "$sharing/api/cdn/shares/public/$file_link/"
run "folder via gw" "$gw/api/cdn/shares/public/$folder_link/"
run "folder direct" "$sharing/api/cdn/shares/public/$folder_link/"
