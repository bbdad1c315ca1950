#!/usr/bin/env bash
# rclone copying 1,000 small files (in 10 folders) and one 1 GB file to Depot's WebDAV through the
# gateway, and in the same run to nginx's DAV module (with dav-ext for PROPFIND) on this machine;
# prints the times and Depot's speed as a ratio of nginx's.
# Then a PROPFIND of depth 1 of a folder of 10,000 entries, against nginx listing a directory of as
# many files.
# Usage: DEPOT_RATE_LIMIT_ENABLED=false ./depot up && bench/webdav.sh [SMALL_FILES] [BIG_MB] [LISTED]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
small=${1:-1000}
big_mb=${2:-1024}
listed=${3:-10000}
gw=${DEPOT_GATEWAY:-http://127.0.0.1:8080}
port=18089
curl -fsS -o /dev/null "$gw/api" || { echo "no suite at $gw: run ./depot up first" >&2; exit 1; }
module=/usr/lib/nginx/modules/ngx_http_dav_ext_module.so
if ! command -v nginx >/dev/null || ! command -v rclone >/dev/null || [[ ! -f $module ]]; then
  [[ $EUID -eq 0 ]] || { echo "nginx, libnginx-mod-http-dav-ext and rclone are needed (apt-get install them)" >&2; exit 1; }
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx libnginx-mod-http-dav-ext rclone >/dev/null
fi

source bench/nginx.sh
work=$(mktemp -d)
trap 'stop_nginx "$work"; rm -rf "$work"' EXIT
mkdir -p "$work/small" "$work/big"
start_nginx "$work" "$port" 'dav_methods PUT DELETE MKCOL COPY MOVE; dav_ext_methods PROPFIND OPTIONS;
      create_full_put_path on;' "load_module $module;"

# The same tree for both: small files of 1 to 8 KB in 10 folders, and one big file.
for ((i = 0; i < small; i++)); do
  d="$work/small/dir$((i % 10))"
  mkdir -p "$d"
  head -c $((1024 + (i * 7919) % 7168)) /dev/urandom >"$d/file$i.bin"
done
head -c $((big_mb * 1048576)) /dev/urandom >"$work/big/big.bin"
small_bytes=$(du -sb "$work/small" | cut -f1)

name=bench$RANDOM$RANDOM
access=$(curl -fsS -H 'Content-Type: application/json' \
  -d "{\"email\":\"$name@example.com\",\"username\":\"$name\",\"password\":\"a long enough passphrase\"}" \
  "$gw/api/auth/register" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
token=$(curl -fsS -H "Authorization: Bearer $access" -H 'Content-Type: application/json' -d '{"name":"bench"}' \
  "$gw/api/auth/tokens/" | sed -E 's/.*"token":"([^"]+)".*/\1/')

export RCLONE_CONFIG_DEPOT_TYPE=webdav RCLONE_CONFIG_DEPOT_URL="$gw/dav/" RCLONE_CONFIG_DEPOT_VENDOR=other
export RCLONE_CONFIG_DEPOT_USER="$name" RCLONE_CONFIG_DEPOT_PASS
RCLONE_CONFIG_DEPOT_PASS=$(rclone obscure "$token")
export RCLONE_CONFIG_NGINX_TYPE=webdav RCLONE_CONFIG_NGINX_URL="http://127.0.0.1:$port/" RCLONE_CONFIG_NGINX_VENDOR=other

# Seconds rclone takes to copy SRC to REMOTE:DEST.
copy() {
  local start end
  start=$(date +%s.%N)
  rclone --config /dev/null copy --transfers 4 --checkers 4 --retries 1 "$1" "$2:$3" >/dev/null
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }'
}
ratio() { awk -v depot="$1" -v ref="$2" 'BEGIN { printf "%.2f", ref / depot }'; }

echo "rclone copy to Depot's WebDAV (through the gateway) and to nginx DAV, same machine, same run"
ds=$(copy "$work/small" depot small); ns=$(copy "$work/small" nginx small)
printf '%-24s depot %7ss (%6.1f files/s)   nginx %7ss (%6.1f files/s)   depot/nginx %s\n' \
  "$small small files" "$ds" "$(awk -v n="$small" -v s="$ds" 'BEGIN { print n / s }')" \
  "$ns" "$(awk -v n="$small" -v s="$ns" 'BEGIN { print n / s }')" "$(ratio "$ds" "$ns")"
db=$(copy "$work/big" depot big); nb=$(copy "$work/big" nginx big)
printf '%-24s depot %7ss (%6.1f MB/s)    nginx %7ss (%6.1f MB/s)    depot/nginx %s\n' \
  "one ${big_mb} MB file" "$db" "$(awk -v m="$big_mb" -v s="$db" 'BEGIN { print m / s }')" \
  "$nb" "$(awk -v m="$big_mb" -v s="$nb" 'BEGIN { print m / s }')" "$(ratio "$db" "$nb")"

# A folder of $listed entries, registered through the REST API (metadata only: the listing is the
# measure), and a directory of as many empty files for nginx.
folder=$(curl -fsS -H "Authorization: Bearer $access" -H 'Content-Type: application/json' -d '{"name":"listed"}' \
  "$gw/api/cdn/folders/" | sed -E 's/^\{"id":"([^"]+)".*/\1/')
seq 1 "$listed" | xargs -P 8 -I{} curl -fsS -o /dev/null -H "Authorization: Bearer $access" \
  -H 'Content-Type: application/json' -d "{\"filename\":\"entry{}.pdf\",\"file_size\":1000,\"mime_type\":\"application/pdf\",\"folder_id\":\"$folder\"}" \
  "$gw/api/cdn/files/upload/"
mkdir -p "$work/www/listed"
(cd "$work/www/listed" && seq 1 "$listed" | sed 's/^/entry/; s/$/.pdf/' | xargs touch)
# Best of three: seconds to the last byte, and how many entries came back.
propfind() {
  local best=999 t
  for _ in 1 2 3; do
    t=$(curl -fsS -o "$work/listing" -w '%{time_total}' -X PROPFIND -H 'Depth: 1' "${@}")
    best=$(awk -v a="$best" -v b="$t" 'BEGIN { print (b < a) ? b : a }')
  done
  echo "$best $(grep -o '<D:href>' "$work/listing" | wc -l)"
}
read -r dl dn < <(propfind -u "$name:$token" "$gw/dav/listed/")
read -r nl nn < <(propfind "http://127.0.0.1:$port/listed/")
printf '%-24s depot %7ss (%d hrefs)     nginx %7ss (%d hrefs)     depot/nginx %s\n' \
  "PROPFIND of $listed" "$dl" "$dn" "$nl" "$nn" "$(ratio "$dl" "$nl")"
echo "(small files: $small_bytes bytes in all; ratios above 1 mean Depot was faster)"
