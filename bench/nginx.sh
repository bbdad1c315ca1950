# Sourced by the benches that measure against nginx on this machine.
# start_nginx WORK PORT 'LOCATION DIRECTIVES' ['MAIN-CONTEXT LINES']: nginx serving WORK/www on
# 127.0.0.1:PORT with sendfile, no body limit and no access log; stop it with stop_nginx WORK.
start_nginx() {
  local work=$1 port=$2 location=$3 main=${4:-}
  mkdir -p "$work/www" "$work/logs" "$work/tmp"
  cat >"$work/nginx.conf" <<CONF
$main
worker_processes 2;
user root;
error_log $work/logs/error.log warn;
pid $work/nginx.pid;
events { worker_connections 256; }
http {
  access_log off;
  sendfile on;
  client_max_body_size 0;
  client_body_temp_path $work/tmp;
  server {
    listen 127.0.0.1:$port;
    root $work/www;
    location / { $location }
  }
}
CONF
  nginx -p "$work" -c "$work/nginx.conf"
}

stop_nginx() {
  nginx -p "$1" -c "$1/nginx.conf" -s stop 2>/dev/null || true
}
