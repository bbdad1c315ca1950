#!/usr/bin/env bash
# Thumbnails of 200 photos of 12 MP: the Depot worker against vipsthumbnail and ImageMagick making the
# same 256 px thumbnails on this machine, each with as many parallel jobs as cores. Then the
# upload-to-thumbnail latency through the whole suite at a steady upload rate.
# Needs a running suite (./depot up), vipsthumbnail and ImageMagick (apt-get install libvips-tools imagemagick).
# Usage: bench/thumbnail-throughput.sh [PHOTOS] [LATENCY_PHOTOS] [UPLOADS_PER_SECOND]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
photos=${1:-200}
latency_photos=${2:-100}
rate=${3:-4}
gw=${DEPOT_GATEWAY:-http://127.0.0.1:8080}
kafka=${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:${DEPOT_KAFKA_PORT:-9092}}
cores=$(nproc)
corpus=${DEPOT_BENCH_CORPUS:-/tmp/depot-bench-photos-$photos}
curl -fsS -o /dev/null "$gw/api" || { echo "no suite at $gw: run ./depot up first" >&2; exit 1; }
curl -sS -D - -o /dev/null "$gw/api/cdn/files/" | grep -qi '^x-ratelimit-limit' &&
  { echo "the gateway is rate limiting: restart the suite with DEPOT_RATE_LIMIT_ENABLED=false ./depot up" >&2; exit 1; }
for tool in vipsthumbnail /usr/bin/convert; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install libvips-tools imagemagick" >&2; exit 1; }
done
cp="libs/kafka-broker/target/lib/*"
ls $cp >/dev/null 2>&1 || mvn -B -q install -DskipTests -pl libs/kafka-broker

if [[ $(ls "$corpus"/*.jpg 2>/dev/null | wc -l) -lt $photos ]]; then
  echo "making $photos photos of 4000 x 3000 in $corpus ..."
  java bench/MakePhotos.java "$photos" "$corpus"
fi
echo "corpus: $photos JPEGs, $(du -sh "$corpus" | cut -f1), $cores cores"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

rate_of() { awk -v n="$photos" -v s="$1" 'BEGIN { printf "%4d photos in %6.1f s  %6.1f thumbnails/s", n, s, n / s }'; }
seconds() { local t0=$1; awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { print b - a }'; }
t0=$(date +%s.%N)
ls "$corpus"/*.jpg | xargs -P "$cores" -I{} vipsthumbnail {} --size 256 -o "$out/%s-vips.jpg"
echo "vipsthumbnail    $(rate_of "$(seconds "$t0")")"
t0=$(date +%s.%N)
ls "$corpus"/*.jpg | xargs -P "$cores" -I{} sh -c '/usr/bin/convert -define jpeg:size=512x512 "$1" -auto-orient -thumbnail 256x256 "$2/$(basename "$1" .jpg)-im.jpg"' _ {} "$out"
echo "imagemagick      $(rate_of "$(seconds "$t0")")"

register() {
  local name=bench$RANDOM$RANDOM
  curl -fsS -H 'Content-Type: application/json' \
    -d "{\"email\":\"$name@example.com\",\"username\":\"$name\",\"password\":\"a long enough passphrase\"}" \
    "$gw/api/auth/register" | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}
token=$(register)
# Throughput: the photos wait on the topic while the worker is stopped, then it drains them.
pidfile=.depot/run/processing-worker.pid
[[ -f $pidfile ]] || { echo "the worker is not running under ./depot" >&2; exit 1; }
kill "$(<"$pidfile")"
while kill -0 "$(<"$pidfile")" 2>/dev/null; do sleep 0.2; done
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" bench/ThumbnailBench.java upload "$gw" "$token" "$corpus" "$out/ids"
./depot restart processing-worker >/dev/null
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" bench/ThumbnailBench.java drain "$kafka" "$out/ids"

# Latency: uploads at a steady rate below capacity, each timed from its request to processing.completed.
mkdir -p "$out/latency"
ls "$corpus"/*.jpg | head -n "$latency_photos" | xargs -I{} cp {} "$out/latency/"
# Another user, as the same content twice in one folder is refused as a duplicate.
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" bench/ThumbnailBench.java latency "$gw" "$(register)" "$out/latency" "$kafka" "$rate"
