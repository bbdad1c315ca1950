#!/bin/bash
# Runs libs/kafka-broker's SingleNodeBroker, as ./depot does, listening on every interface and telling
# clients to reach it as KAFKA_ADVERTISED_HOST (the container's name on the compose network).
#
# With KAFKA_USERS ("user:password" pairs separated by spaces, one for admin and each user of the broker's
# ACL table) it runs secure: SASL/SCRAM logins and ACLs. The pairs become a users file on the tmpfs /tmp,
# readable by this user only (the broker keeps the admin password in its server.properties, mode 600).
set -euo pipefail

data=${KAFKA_DATA_DIR:-/var/lib/kafka/data}
args=("$data" "${KAFKA_PORT:-9092}" "${KAFKA_CONTROLLER_PORT:-9093}" --host "${KAFKA_ADVERTISED_HOST:-kafka}")
if [[ -n ${KAFKA_USERS:-} ]]; then
  users=/tmp/kafka-users.properties
  (
    umask 077
    : >"$users"
    for pair in $KAFKA_USERS; do
      printf '%s=%s\n' "${pair%%:*}" "${pair#*:}" >>"$users"
    done
  )
  args+=(--secure "$users")
fi
# JAVA_OPTS is a list of options: it is split on purpose.
# shellcheck disable=SC2086
exec java $JAVA_OPTS -cp "/opt/kafka/classes:/opt/kafka/lib/*" dev.depot.kafka.SingleNodeBroker "${args[@]}"
