#!/usr/bin/env bash
# Upload and download throughput through the gateway for 1 MB and 200 MB files, and in the same
# run nginx on this machine accepting (WebDAV PUT) and serving the same files; also the heap the
# gateway and files-service use while 200 MB pass through them.
# Usage: ./depot up && bench/transfer-throughput.sh [ROUNDS_1MB] [ROUNDS_200MB]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
small_rounds=${1:-20}
large_rounds=${2:-3}
gw=${DEPOT_GATEWAY:-http://127.0.0.1:8080}
port=18088
curl -fsS -o /dev/null "$gw/api" || { echo "no suite at $gw: run ./depot up first" >&2; exit 1; }
if ! command -v nginx >/dev/null; then
  [[ $EUID -eq 0 ]] || { echo "nginx is needed (apt-get install nginx)" >&2; exit 1; }
  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx >/dev/null
fi

source bench/nginx.sh
work=$(mktemp -d)
trap 'stop_nginx "$work"; kill ${sampler:-} 2>/dev/null || true; rm -rf "$work"' EXIT
start_nginx "$work" "$port" 'dav_methods PUT; create_full_put_path on;'

head -c 1048576 /dev/urandom >"$work/1MB.bin"
head -c 209715200 /dev/urandom >"$work/200MB.bin"

name=bench$RANDOM$RANDOM
token=$(curl -fsS -H 'Content-Type: application/json' \
  -d "{\"email\":\"$name@example.com\",\"username\":\"$name\",\"password\":\"a long enough passphrase\"}" \
  "$gw/api/auth/register" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
auth=(-H "Authorization: Bearer $token")

# Heap in use (young + old, KiB) of the gateway and files-service, sampled while the bench runs.
heap_used() { jstat -gc "$1" | awk 'NR==2 { printf "%d", $3 + $4 + $6 + $8 }'; }
gw_pid=$(cat .depot/run/gateway.pid); fs_pid=$(cat .depot/run/files-service.pid)
: >"$work/heap"
( while true; do echo "$(heap_used "$gw_pid") $(heap_used "$fs_pid")" >>"$work/heap"; sleep 0.2; done ) &
sampler=$!

# MB/s of one transfer of SIZE bytes that took SECONDS.
mbps() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", b / 1048576 / s }'; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

run() {
  local label=$1 bytes=$2 rounds=$3 file=$4
  local up=() down=() nup=() ndown=()
  for ((i = 0; i < rounds; i++)); do
    folder=$(curl -fsS "${auth[@]}" -H 'Content-Type: application/json' -d "{\"name\":\"r$i-$label\"}" \
      "$gw/api/cdn/folders/" | sed -E 's/^\{"id":"([^"]+)".*/\1/')
    res=$(curl -sS -o "$work/resp" -w '%{http_code} %{time_total}' "${auth[@]}" \
      -F "file=@$file" -F "folder_id=$folder" "$gw/api/cdn/files/upload/")
    [[ ${res%% *} == 201 ]] || { echo "upload failed: $res $(cat "$work/resp")" >&2; exit 1; }
    up+=("$(mbps "$bytes" "${res#* }")")
    id=$(sed -E 's/.*"file":\{"id":"([^"]+)".*/\1/' "$work/resp")
    url=$(curl -fsS "${auth[@]}" "$gw/api/cdn/files/$id/download/" | sed -E 's/.*"download_url":"([^"]+)".*/\1/')
    t=$(curl -fsS -o /dev/null -w '%{time_total}' "$url") || exit 1
    down+=("$(mbps "$bytes" "$t")")
    t=$(curl -fsS -o /dev/null -w '%{time_total}' -T "$file" "http://127.0.0.1:$port/$label-$i.bin") || exit 1
    nup+=("$(mbps "$bytes" "$t")")
    t=$(curl -fsS -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port/$label-$i.bin") || exit 1
    ndown+=("$(mbps "$bytes" "$t")")
  done
  local du dd nu nd
  du=$(printf '%s\n' "${up[@]}" | median); dd=$(printf '%s\n' "${down[@]}" | median)
  nu=$(printf '%s\n' "${nup[@]}" | median); nd=$(printf '%s\n' "${ndown[@]}" | median)
  printf '%-6s upload   depot %8s MB/s   nginx PUT %8s MB/s   depot/nginx %s\n' "$label" "$du" "$nu" \
    "$(awk -v a="$du" -v b="$nu" 'BEGIN { printf "%.2f", a / b }')"
  printf '%-6s download depot %8s MB/s   nginx GET %8s MB/s   depot/nginx %s\n' "$label" "$dd" "$nd" \
    "$(awk -v a="$dd" -v b="$nd" 'BEGIN { printf "%.2f", a / b }')"
}

echo "median of rounds; depot = through the gateway (multipart upload, signed-URL download)"
run 1MB 1048576 "$small_rounds" "$work/1MB.bin"
: >"$work/heap"
run 200MB 209715200 "$large_rounds" "$work/200MB.bin"
kill $sampler; sampler=
awk '{ if ($1 > g) g = $1; if ($2 > f) f = $2 } END { printf "heap in use during the 200 MB rounds (max of 5/s samples): gateway %d MiB, files-service %d MiB (-Xmx256m each)\n", g / 1024, f / 1024 }' "$work/heap"
