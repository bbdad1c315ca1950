#!/bin/bash
# Creates the cluster on the first start (password DEPOT_DB_PASSWORD for the postgres role, TCP
# logins by password only), runs the scripts in /docker-entrypoint-initdb.d once, then runs
# PostgreSQL in the foreground.
set -euo pipefail

PGDATA=${PGDATA:-/var/lib/postgresql/data}
# The socket goes to /tmp, the one writable directory (a tmpfs) besides the data volume when the root
# file system is read-only.
export PGHOST=/tmp
initialised=$PGDATA/.depot-initialised

if [[ ! -f $initialised ]]; then
  if [[ -z ${DEPOT_DB_PASSWORD:-} ]]; then
    echo "depot-postgres: DEPOT_DB_PASSWORD is not set (the env file ./depot images writes has it)" >&2
    exit 1
  fi
  # A first start that failed half way leaves a cluster without its databases: start over.
  find "$PGDATA" -mindepth 1 -delete
  pwfile=$(mktemp)
  printf '%s\n' "$DEPOT_DB_PASSWORD" >"$pwfile"
  initdb -D "$PGDATA" -U postgres --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \
    --auth-local=peer --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
  printf "listen_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
  printf 'host all all all scram-sha-256\n' >>"$PGDATA/pg_hba.conf"

  # On the socket only while the scripts run, so nothing connects to a half-made cluster.
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -c unix_socket_directories=/tmp" -w start
  for script in /docker-entrypoint-initdb.d/*; do
    case $script in
    *.sql)
      echo "depot-postgres: running $script"
      psql -X -q -v ON_ERROR_STOP=1 -U postgres -d postgres -f "$script"
      ;;
    *.sh)
      echo "depot-postgres: running $script"
      # shellcheck disable=SC1090
      . "$script"
      ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  touch "$initialised"
  echo "depot-postgres: cluster created in $PGDATA"
fi

exec postgres -D "$PGDATA" -c unix_socket_directories=/tmp
