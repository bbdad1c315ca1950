#!/usr/bin/env bash
# Listing, folder contents and search latency for one user with 100k files in 1k folders,
# at a fixed request rate through the gateway of a running suite (./depot up).
# The files are written straight into depot_files (seeding is not what is measured).
# Usage: bench/files-latency.sh [RATE req/s] [SECONDS per endpoint]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rate=${1:-50}
seconds=${2:-20}
gw=${DEPOT_GATEWAY:-http://127.0.0.1:8080}
db=${DEPOT_DB_PREFIX:-depot}_files
[[ -z ${DEPOT_DB_PASSWORD:-} && -f .depot/pg-password ]] && DEPOT_DB_PASSWORD=$(<.depot/pg-password)
export PGPASSWORD=${DEPOT_DB_PASSWORD:-}
psql_files() { psql -q -X -v ON_ERROR_STOP=1 -h "${DEPOT_DB_HOST:-127.0.0.1}" -p "${DEPOT_DB_PORT:-5432}" -U "${DEPOT_DB_USER:-postgres}" -d "$db" "$@"; }
curl -fsS -o /dev/null "$gw/api" || { echo "no suite at $gw: run ./depot up first" >&2; exit 1; }
curl -sS -D - -o /dev/null "$gw/api/cdn/files/" | grep -qi '^x-ratelimit-limit' &&
  { echo "the gateway is rate limiting: restart the suite with DEPOT_RATE_LIMIT_ENABLED=false ./depot up" >&2; exit 1; }

name=bench$RANDOM$RANDOM
token=$(curl -fsS -H 'Content-Type: application/json' \
  -d "{\"email\":\"$name@example.com\",\"username\":\"$name\",\"password\":\"a long enough passphrase\"}" \
  "$gw/api/auth/register" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
root=$(curl -fsS -H "Authorization: Bearer $token" "$gw/api/cdn/folders/root/" | sed -E 's/^\{"folder":\{"id":"([^"]+)".*/\1/')
owner=$(curl -fsS -H "Authorization: Bearer $token" "$gw/api/auth/me" | sed -E 's/.*"id":"([^"]+)".*/\1/')

echo "seeding 1,000 folders and 100,000 files for $name ..."
t0=$(date +%s)
psql_files <<SQL
INSERT INTO folder (id, owner_id, parent_id, name, path, is_root, is_starred, created_at, updated_at)
SELECT gen_random_uuid(), '$owner', '$root', 'folder-' || i, '/folder-' || i, false, false, now(), now()
FROM generate_series(1, 1000) i;
INSERT INTO stored_file (id, owner_id, folder_id, filename, original_filename, file_size, mime_type,
                         file_extension, category, sha256, processing_status, created_at, updated_at)
SELECT gen_random_uuid(), '$owner', f.id, n.name, n.name, (random() * 5000000)::bigint, 'application/pdf', 'pdf',
       'documents', encode(sha256((f.id::text || j)::bytea), 'hex'), 'pending',
       now() - (j * 1000 + random() * 1000) * interval '1 second', now()
FROM folder f, generate_series(1, 100) j,
     LATERAL (SELECT (ARRAY['report','invoice','photo','notes','budget','draft','scan','slides'])[1 + j % 8]
                     || '-' || substr(f.name, 8) || '-' || j || '.pdf' AS name) n
WHERE f.owner_id = '$owner' AND NOT f.is_root;
SQL
# What autovacuum does soon after a bulk insert: statistics and the visibility map (index-only counts).
psql_files -c "VACUUM ANALYZE folder" -c "VACUUM ANALYZE stored_file"
echo "seeded in $(( $(date +%s) - t0 )) s"
folder=$(psql_files -tA -c "SELECT id FROM folder WHERE owner_id = '$owner' AND name = 'folder-500'")

echo
echo "search plan (trigram index on lower(filename)):"
psql_files -c "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT id FROM stored_file
  WHERE owner_id = '$owner' AND trashed_at IS NULL AND lower(filename) LIKE '%invoice-42-%' ESCAPE '\\'
  ORDER BY filename, id LIMIT 50"

echo "latency through $gw, open loop at a fixed rate:"
run() { java bench/FixedRate.java "$1" "$2" "$token" "$rate" "$seconds"; }
run "list page 1" "$gw/api/cdn/files/?page_size=20"
run "list page 200" "$gw/api/cdn/files/?page_size=20&page=200"
run "list in folder" "$gw/api/cdn/files/?folder_id=$folder&ordering=name"
run "folder contents" "$gw/api/cdn/folders/$folder/contents/"
run "root contents" "$gw/api/cdn/folders/root/"
run "search" "$gw/api/cdn/search/?q=invoice-42-"
