#!/usr/bin/env bash
# Upload and download throughput through the gateway with 1 and 2 replicas of every service, blobs on
# the local disk and on S3 (S3Proxy), in one run: four suites started one after the other with
# ./depot up [--s3] [--replicas 2], the same load on each, figures as ratios to local disk x 1 replica.
# The load: CLIENTS concurrent clients, each uploading ROUNDS files of SIZE_MB and downloading each back
# through a signed URL (checked by SHA-256).
# Usage: bench/scale-out.sh [CLIENTS] [ROUNDS] [SIZE_MB]   (stops a running suite first)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
clients=${1:-8}
rounds=${2:-4}
size_mb=${3:-10}
gw=http://127.0.0.1:8080
work=$(mktemp -d)
trap './depot down >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
# One file per client and round: the same bytes twice in a folder would be refused as a duplicate.
for ((n = 0; n < clients; n++)); do
  for ((i = 0; i < rounds; i++)); do
    head -c $((size_mb * 1048576)) /dev/urandom >"$work/c$n-$i.bin"
    sha256sum "$work/c$n-$i.bin" | cut -d' ' -f1 >"$work/c$n-$i.sha"
  done
done

register() {
  local name=bench$RANDOM$RANDOM
  curl -fsS -H 'Content-Type: application/json' \
    -d "{\"email\":\"$name@example.com\",\"username\":\"$name\",\"password\":\"a long enough passphrase\"}" \
    "$gw/api/auth/register" | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}

# One client: uploads and downloads ROUNDS times; prints "upload_seconds download_seconds failures".
client() {
  local token=$1 n=$2 up=0 down=0 failed=0 res id url t got
  for ((i = 0; i < rounds; i++)); do
    res=$(curl -sS -o "$work/resp.$n" -w '%{http_code} %{time_total}' -H "Authorization: Bearer $token" \
      -F "file=@$work/c$n-$i.bin" "$gw/api/cdn/files/upload/") || res="000 0"
    if [[ ${res%% *} != 201 ]]; then failed=$((failed + 1)); continue; fi
    up=$(awk -v a="$up" -v b="${res#* }" 'BEGIN { print a + b }')
    id=$(sed -E 's/.*"file":\{"id":"([^"]+)".*/\1/' "$work/resp.$n")
    url=$(curl -fsS -H "Authorization: Bearer $token" "$gw/api/cdn/files/$id/download/" |
      sed -E 's/.*"download_url":"([^"]+)".*/\1/') || { failed=$((failed + 1)); continue; }
    t=$(curl -fsS -L -o "$work/down.$n" -w '%{time_total}' "$url") || { failed=$((failed + 1)); continue; }
    got=$(sha256sum "$work/down.$n" | cut -d' ' -f1)
    [[ $got == "$(<"$work/c$n-$i.sha")" ]] || failed=$((failed + 1))
    down=$(awk -v a="$down" -v b="$t" 'BEGIN { print a + b }')
  done
  echo "$up $down $failed"
}

# Runs the load on the running suite; prints "upload_MB/s download_MB/s failures" (aggregate).
load() {
  local tokens=() n pids=() start end
  for ((n = 0; n < clients; n++)); do tokens+=("$(register)"); done
  start=$(date +%s.%N)
  for ((n = 0; n < clients; n++)); do client "${tokens[$n]}" "$n" >"$work/out.$n" & pids+=($!); done
  wait "${pids[@]}"
  end=$(date +%s.%N)
  # Aggregate throughput: all bytes moved over the summed busy time, per direction, times clients.
  cat "$work"/out.* | awk -v mb="$size_mb" -v c="$clients" -v r="$rounds" '
    { up += $1; down += $2; failed += $3 }
    END { printf "%.1f %.1f %d\n", mb * c * r / (up / c), mb * c * r / (down / c), failed }'
  rm -f "$work"/out.*
}

declare -A result
for config in "local 1" "local 2" "s3 1" "s3 2"; do
  read -r store replicas <<<"$config"
  ./depot down >/dev/null 2>&1 || true
  args=(--replicas "$replicas")
  [[ $store == s3 ]] && args+=(--s3)
  echo "== $store, $replicas replica(s): ./depot up ${args[*]}" >&2
  # Databases of their own per blob store: rows of one store name blobs the other does not hold.
  DEPOT_DB_PREFIX=depot_scale_$store DEPOT_RATE_LIMIT_ENABLED=false ./depot up "${args[@]}" >"$work/up.log" 2>&1 || { tail -20 "$work/up.log" >&2; exit 1; }
  result[$config]=$(load)
done

printf '\n%-24s %12s %8s %14s %8s %9s\n' "configuration" "upload MB/s" "ratio" "download MB/s" "ratio" "failures"
read -r ref_up ref_down _ <<<"${result[local 1]}"
for config in "local 1" "local 2" "s3 1" "s3 2"; do
  read -r up down failed <<<"${result[$config]}"
  printf '%-24s %12s %8s %14s %8s %9s\n' "${config/ / x } replica(s)" "$up" \
    "$(awk -v a="$up" -v b="$ref_up" 'BEGIN { printf "%.2f", a / b }')" "$down" \
    "$(awk -v a="$down" -v b="$ref_down" 'BEGIN { printf "%.2f", a / b }')" "$failed"
done
echo "(ratios against local disk x 1 replica in this run; $clients clients x $rounds files of $size_mb MB)"
