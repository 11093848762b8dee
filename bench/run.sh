#!/usr/bin/env bash
# Berth side by side with CNCF Distribution, and against the hardware ceilings. See bench/README.md.
#
#   bench/run.sh              full run (1 GiB blobs, 2,000 repositories, 10,000 tags; about 10 minutes)
#   bench/run.sh --quick      smoke run with tiny sizes (1-2 minutes)
#   options: --rounds N (default 3)  --only id,id,...  --no-berth  --keep-data
#
# Starts every server as a child process on its own loopback port with its own config and data under
# bench/work, runs the Java load generator (bench/src, compiled here with javac), and stops everything on exit.
# The whole script is one { } block, so bash parses it before running it and an edit mid-run cannot break it.
{
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH_DIR")
WORK="$BENCH_DIR/work"
MODE=full
ROUNDS=3
ONLY=""
WITH_BERTH=1
KEEP_DATA=0
while (($#)); do
  case "$1" in
    --quick) MODE=quick ;;
    --rounds) ROUNDS="$2"; shift ;;
    --only) ONLY="$2"; shift ;;
    --no-berth) WITH_BERTH=0 ;;
    --keep-data) KEEP_DATA=1 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

log() { echo "[bench] $*"; }
die() { echo "[bench] error: $*" >&2; exit 1; }

# ------------------------------------------------------------------ tools (Debian packages)
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else
    die "need root (or sudo) to install: $*"; fi
}

NGINX=$(command -v nginx || echo /usr/sbin/nginx)
missing=()
command -v docker-registry >/dev/null || missing+=(docker-registry)
[ -x "$NGINX" ] || missing+=(nginx)
command -v wrk >/dev/null || missing+=(wrk)
command -v openssl >/dev/null || missing+=(openssl)
command -v curl >/dev/null || missing+=(curl)
if ((${#missing[@]})); then
  log "installing ${missing[*]} with apt"
  # keep the packages' own services (nginx on :80, docker-registry on :5000) from starting
  made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
    as_root chmod 755 /usr/sbin/policy-rc.d
    made_policy=1
  fi
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [ "$made_policy" = 1 ]; then as_root rm -f /usr/sbin/policy-rc.d; fi
  NGINX=$(command -v nginx || echo /usr/sbin/nginx)
fi

# A JDK 21+ for the load generator and the sink (BENCH_JAVA_HOME, JAVA_HOME, or the newest in /usr/lib/jvm).
find_jdk() {
  local best="" best_major=0 c v major
  for c in "${BENCH_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/*; do
    [ -n "$c" ] && [ -x "$c/bin/javac" ] || continue
    v=$("$c/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    major=${v%%.*}
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best=$c; best_major=$major; fi
    if [ -n "$c" ] && [ "$c" = "${BENCH_JAVA_HOME:-}" ] && [ -n "$best" ]; then break; fi
  done
  [ -n "$best" ] || die "no JDK 21 or newer found (set BENCH_JAVA_HOME)"
  echo "$best"
}
JDK=$(find_jdk)
JAVA="$JDK/bin/java"
CLIENT_OPTS=${BENCH_CLIENT_OPTS:-"-Xms512m -Xmx1g -XX:+UseParallelGC"}
SINK_OPTS=${BENCH_SINK_OPTS:-"-Xmx256m"}

mkdir -p "$WORK/classes" "$WORK/logs" "$WORK/data" "$WORK/nginx/tmp"
"$JDK/bin/javac" -nowarn --release 21 -d "$WORK/classes" "$BENCH_DIR"/src/*.java

# ------------------------------------------------------------------ child processes
PIDS=()
cleanup() {
  local pid i
  for pid in "${PIDS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true; done
  for i in $(seq 1 50); do
    local alive=0
    for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.2
  done
  for pid in "${PIDS[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  if [ "$KEEP_DATA" = 0 ]; then remove_data; fi
}

# the registries keep every pushed blob and link file: up to ~30 GB and a million files after a full run
remove_data() {
  if [ -e "$WORK/data/berth" ] || [ -e "$WORK/data/distribution" ] || [ -e "$WORK/sink" ]; then
    log "removing the registries' data in $WORK/data"
    rm -rf "$WORK/data/berth" "$WORK/data/distribution" "$WORK/sink"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME DIR CMD...: runs CMD in DIR in its own session (process group = its pid), so cleanup stops
# its children too
start() {
  local name=$1 dir=$2; shift 2
  (cd "$dir" && exec setsid "$@") >"$WORK/logs/$name.log" 2>&1 </dev/null &
  PIDS+=($!)
  LAST_PID=$!
}

port_busy() { (: </dev/tcp/127.0.0.1/"$1") 2>/dev/null; }
TAKEN=" "
free_port() {
  local p
  while true; do
    p=$((20000 + RANDOM % 30000))
    if [[ "$TAKEN" != *" $p "* ]] && ! port_busy "$p"; then TAKEN+="$p "; echo "$p"; return; fi
  done
}

# wait_http NAME PID URL SECONDS [CODES]: until the URL answers one of CODES (a regex, default 200 or 401),
# the process dies, or time runs out
wait_http() {
  local name=$1 pid=$2 url=$3 limit=$4 codes=${5:-200|401} start=$SECONDS code
  while ((SECONDS - start < limit)); do
    kill -0 "$pid" 2>/dev/null || { log "$name exited; last lines of $WORK/logs/$name.log:"; tail -n 20 "$WORK/logs/$name.log" | sed 's/^/    /'; return 1; }
    code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$url" || true)
    if [[ "$code" =~ ^($codes)$ ]]; then return 0; fi
    sleep 0.3
  done
  log "$name did not answer $url within $limit s"
  return 1
}

remove_data
mkdir -p "$WORK/data/distribution" "$WORK/sink"

# CNCF Distribution: filesystem storage, deletes on, no auth, request logging off
DIST_PORT=$(free_port)
cat >"$WORK/distribution.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $WORK/data/distribution
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
http:
  addr: 127.0.0.1:$DIST_PORT
EOF
start distribution "$WORK" docker-registry serve "$WORK/distribution.yml"
DIST_PID=$LAST_PID

# nginx: the pull ceiling, serving bench/work/data from the page cache with sendfile
NGINX_PORT=$(free_port)
{
  [ "$(id -u)" = 0 ] && echo "user root;"
  cat <<EOF
daemon off;
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/logs/nginx-error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  default_type application/octet-stream;
  client_body_temp_path $WORK/nginx/tmp/body;
  proxy_temp_path $WORK/nginx/tmp/proxy;
  fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
  uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
  scgi_temp_path $WORK/nginx/tmp/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/data;
    location / { }
  }
}
EOF
} >"$WORK/nginx/nginx.conf"
start nginx "$WORK" "$NGINX" -e "$WORK/logs/nginx-error.log" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf"
NGINX_PID=$LAST_PID

# the push ceiling sink
SINK_PORT=$(free_port)
start sink "$WORK" "$JAVA" $SINK_OPTS -cp "$WORK/classes" Sink "$SINK_PORT" "$WORK/sink"
SINK_PID=$LAST_PID

# Berth, through its launcher (builds itself on first use)
BERTH_ARGS=()
BERTH_NOTE=""
if [ "$WITH_BERTH" = 1 ]; then
  BERTH_PORT=$(free_port)
  if [ -x "$ROOT/berth" ]; then
    mkdir -p "$WORK/data/berth"
    start berth "$ROOT" ./berth serve --listen "127.0.0.1:$BERTH_PORT" --data-dir "$WORK/data/berth"
    BERTH_PID=$LAST_PID
    log "starting berth on :$BERTH_PORT (the first start builds it; log: $WORK/logs/berth.log)"
    if wait_http berth "$BERTH_PID" "http://127.0.0.1:$BERTH_PORT/v2/" "${BERTH_START_TIMEOUT:-900}"; then
      BERTH_ARGS=(--berth "http://127.0.0.1:$BERTH_PORT" --berth-pid "$BERTH_PID")
    else
      BERTH_NOTE="berth did not start: see bench/work/logs/berth.log"
    fi
  else
    BERTH_NOTE="berth launcher $ROOT/berth not found"
  fi
  [ -z "$BERTH_NOTE" ] || log "$BERTH_NOTE; continuing without it"
fi

wait_http distribution "$DIST_PID" "http://127.0.0.1:$DIST_PORT/v2/" 60 || die "Distribution did not start"
wait_http nginx "$NGINX_PID" "http://127.0.0.1:$NGINX_PORT/" 30 '[1-5][0-9][0-9]' || die "nginx did not start"
for _ in $(seq 1 100); do port_busy "$SINK_PORT" && break; sleep 0.1; done

ARGS=(--mode "$MODE" --rounds "$ROUNDS" --work "$WORK" --out "$BENCH_DIR/results/latest.md"
  --clk-tck "$(getconf CLK_TCK)"
  --distribution "http://127.0.0.1:$DIST_PORT" --distribution-pid "$DIST_PID"
  --sink "http://127.0.0.1:$SINK_PORT" --nginx "http://127.0.0.1:$NGINX_PORT" "${BERTH_ARGS[@]}")
[ -z "$ONLY" ] || ARGS+=(--only "$ONLY")
[ "${#BERTH_ARGS[@]}" = 0 ] || ARGS+=(--berth-rev "$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)")
[ -z "$BERTH_NOTE" ] || ARGS+=(--note "$BERTH_NOTE")
# a time budget: past it the remaining workloads are skipped (and reported so); the hard limit is a backstop
if [ "$MODE" = quick ]; then BUDGET=${BENCH_BUDGET:-480}; else BUDGET=${BENCH_BUDGET:-2700}; fi
LIMIT=$((BUDGET + 600))
ARGS+=(--budget "$BUDGET")

set +e
timeout "$LIMIT" "$JAVA" $CLIENT_OPTS -cp "$WORK/classes" Bench "${ARGS[@]}"
status=$?
set -e
if [ "$status" = 124 ]; then log "the load generator ran over $LIMIT s and was stopped"; fi
if [ "$status" = 0 ] && [ -n "$BERTH_NOTE" ]; then status=3; fi
exit "$status"
}
