#!/bin/bash
# The password goes into a configuration file on /tmp, not onto the command line, where any
# process in the container could read it.
set -euo pipefail
if [[ -z ${DEPOT_REDIS_PASSWORD:-} ]]; then
  echo "depot-redis: DEPOT_REDIS_PASSWORD is not set (the env file ./depot images writes has it)" >&2
  exit 1
fi
conf=$(mktemp)
cat >"$conf" <<CONF
bind 0.0.0.0
protected-mode no
port 6379
save ""
appendonly no
dir /tmp
requirepass $DEPOT_REDIS_PASSWORD
CONF
exec redis-server "$conf"
