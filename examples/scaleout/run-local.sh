#!/usr/bin/env bash
# run-local.sh - a scale-out Berth on one machine: two Berth nodes sharing one PostgreSQL database and one
# S3 bucket (S3Proxy), everything on 127.0.0.1.
#
# Usage: examples/scaleout/run-local.sh [start] [--detach]   start (or reuse) everything, print the addresses;
#                                                             runs until Ctrl-C unless --detach
#        examples/scaleout/run-local.sh stop                  stop everything this script started
#        examples/scaleout/run-local.sh status                what runs, and where
#
# PostgreSQL: a server already answering on 127.0.0.1:$PG_PORT (default 5432) is reused (user $PGUSER, default
# postgres, password $PGPASSWORD if it needs one) and the database $BERTH_LOCAL_DB (default berth_local) is created
# in it when missing. Without one, the script runs its own throw-away server (Debian's postgresql package) on that
# port, with its data under the work directory.
# S3Proxy: fetched once from Maven Central with `mvn dependency:copy-dependencies` into the work directory and run
# as a separate java process on 127.0.0.1:$S3_PORT (default 9181), keeping objects in files under the work
# directory, bucket "berth".
# Berth: nodes on 127.0.0.1:$NODE1_PORT and $NODE2_PORT (defaults 5601, 5602), started with ./berth serve and
# their own config files (written to the work directory; look at them).
#
# Work directory: $BERTH_LOCAL_DIR (default examples/scaleout/.work): configs, logs, pids, S3 objects.
# Needs: bash, curl, a JDK 21+, Maven; psql (or a PostgreSQL server package to start one).
set -euo pipefail

HERE=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=${BERTH_LOCAL_DIR:-$HERE/.work}
PG_PORT=${PG_PORT:-5432}
PG_USER=${PGUSER:-postgres}
PG_PASSWORD=${PGPASSWORD:-}
DB=${BERTH_LOCAL_DB:-berth_local}
S3_PORT=${S3_PORT:-9181}
NODE_PORTS=("${NODE1_PORT:-5601}" "${NODE2_PORT:-5602}")
S3PROXY_VERSION=4.1.0
BUCKET=berth
ACCESS_KEY=local-access
SECRET_KEY=local-secret
PIDS="$WORK/pids"

say() { echo "[run-local] $*"; }
die() { echo "[run-local] ERROR: $*" >&2; exit 1; }

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

alive() { [[ -f "$PIDS/$1.pid" ]] && kill -0 "$(cat "$PIDS/$1.pid")" 2>/dev/null; }

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local seconds=$1 what=$2
  shift 2
  for ((i = 0; i < seconds * 4; i++)); do
    if "$@"; then return 0; fi
    sleep 0.25
  done
  die "$what did not come up within ${seconds}s"
}

as_pg_owner() { # runs a PostgreSQL server binary as a non-root user (initdb and postgres refuse root)
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

psql_admin() {
  PGPASSWORD=$PG_PASSWORD psql -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
}

# --- PostgreSQL -------------------------------------------------------------------------------------------------
start_postgres() {
  if listening "$PG_PORT"; then
    say "PostgreSQL: reusing the server on 127.0.0.1:$PG_PORT"
  else
    local bin
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
    [[ -n "$bin" && -x "$bin/initdb" ]] || die "no PostgreSQL on 127.0.0.1:$PG_PORT and none installed (apt-get install postgresql)"
    local data="$WORK/postgres"
    if [[ ! -f "$data/PG_VERSION" ]]; then
      say "PostgreSQL: creating a throw-away cluster in $data"
      mkdir -p "$data"
      [[ $(id -u) -eq 0 ]] && chown postgres "$data" "$WORK"
      as_pg_owner "$bin/initdb" -D "$data" -U "$PG_USER" --auth=trust >"$WORK/postgres-init.log" 2>&1 \
        || die "initdb failed; see $WORK/postgres-init.log"
    fi
    say "PostgreSQL: starting our own server on 127.0.0.1:$PG_PORT"
    as_pg_owner "$bin/pg_ctl" -D "$data" -l "$WORK/postgres.log" -w \
      -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $data" start >/dev/null \
      || die "PostgreSQL did not start; see $WORK/postgres.log"
    echo "$bin" >"$PIDS/postgres.bin"
    head -n1 "$data/postmaster.pid" >"$PIDS/postgres.pid"
  fi
  command -v psql >/dev/null 2>&1 || PATH="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1):$PATH"
  command -v psql >/dev/null 2>&1 || die "psql is needed to create the database (apt-get install postgresql-client)"
  if [[ -z $(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$DB'") ]]; then
    psql_admin -c "CREATE DATABASE $DB" || die "cannot create database $DB as $PG_USER"
    say "PostgreSQL: created database $DB"
  else
    say "PostgreSQL: database $DB exists"
  fi
}

# --- S3Proxy ----------------------------------------------------------------------------------------------------
fetch_s3proxy() {
  local dir="$WORK/s3proxy"
  if [[ -f "$dir/lib/.fetched-$S3PROXY_VERSION" ]]; then
    return
  fi
  command -v mvn >/dev/null 2>&1 || die "Maven is needed to fetch S3Proxy"
  rm -rf "$dir/lib"
  mkdir -p "$dir"
  # S3Proxy's Jackson 3 needs a newer jackson-annotations than the one Maven picks from its dependency tree.
  cat >"$dir/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.berth</groupId>
  <artifactId>s3proxy-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.gaul</groupId><artifactId>s3proxy</artifactId><version>$S3PROXY_VERSION</version></dependency>
    <dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-annotations</artifactId><version>2.22</version></dependency>
  </dependencies>
</project>
EOF
  cat >"$dir/logback.xml" <<EOF
<configuration>
  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n</pattern></encoder>
  </appender>
  <root level="WARN"><appender-ref ref="out"/></root>
  <logger name="org.gaul.s3proxy.Main" level="INFO"/>
</configuration>
EOF
  say "S3Proxy: fetching org.gaul:s3proxy:$S3PROXY_VERSION and its dependencies (log: $dir/fetch.log)"
  (cd "$dir" && mvn -B -q dependency:copy-dependencies -DoutputDirectory=lib -DincludeScope=runtime) \
    >"$dir/fetch.log" 2>&1 || die "fetching S3Proxy failed; see $dir/fetch.log"
  touch "$dir/lib/.fetched-$S3PROXY_VERSION"
}

start_s3proxy() {
  if alive s3proxy; then
    say "S3Proxy: reusing the one started earlier on 127.0.0.1:$S3_PORT"
    return
  fi
  listening "$S3_PORT" && die "127.0.0.1:$S3_PORT is taken by something else; set S3_PORT"
  fetch_s3proxy
  mkdir -p "$WORK/s3data/$BUCKET"
  cat >"$WORK/s3proxy/s3proxy.properties" <<EOF
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$ACCESS_KEY
s3proxy.credential=$SECRET_KEY
jclouds.provider=filesystem
jclouds.filesystem.basedir=$WORK/s3data
EOF
  say "S3Proxy: starting on 127.0.0.1:$S3_PORT (objects in $WORK/s3data/$BUCKET)"
  nohup "$JDK/bin/java" -Xmx256m -Dlogback.configurationFile="$WORK/s3proxy/logback.xml" \
    -cp "$WORK/s3proxy/lib/*" org.gaul.s3proxy.Main \
    --properties "$WORK/s3proxy/s3proxy.properties" >"$WORK/s3proxy.log" 2>&1 &
  echo $! >"$PIDS/s3proxy.pid"
  wait_for 60 "S3Proxy (see $WORK/s3proxy.log)" s3proxy_up
}

s3proxy_up() {
  alive s3proxy || die "S3Proxy exited; the end of $WORK/s3proxy.log:$(echo; tail -n 15 "$WORK/s3proxy.log")"
  listening "$S3_PORT"
}

# --- Berth nodes ------------------------------------------------------------------------------------------------
node_config() { # node_config INDEX PORT
  cat >"$WORK/node-$1.yaml" <<EOF
# Berth node $1 of the local scale-out example. Both nodes share the bucket and the database; nothing else.
data-dir: $WORK/node-$1
server:
  listen: 127.0.0.1:$2
storage:
  type: s3
s3:
  bucket: $BUCKET
  endpoint: http://127.0.0.1:$S3_PORT
  path-style: true
  region: us-east-1
  access-key: $ACCESS_KEY
  # secret-key comes from BERTH_S3_SECRET_KEY in the environment
metadata:
  type: postgresql
  url: jdbc:postgresql://127.0.0.1:$PG_PORT/$DB
  user: $PG_USER
  pool-size: 8
  # password, if any, comes from BERTH_METADATA_PASSWORD
EOF
}

start_nodes() {
  for i in 1 2; do
    local port=${NODE_PORTS[$((i - 1))]}
    if alive "node$i"; then
      say "Berth node $i: reusing the one started earlier on 127.0.0.1:$port"
      continue
    fi
    listening "$port" && die "127.0.0.1:$port is taken by something else; set NODE${i}_PORT"
    node_config "$i" "$port"
    say "Berth node $i: starting on 127.0.0.1:$port (log: $WORK/node-$i.log; the first start builds Berth)"
    BERTH_S3_SECRET_KEY=$SECRET_KEY BERTH_METADATA_PASSWORD=$PG_PASSWORD \
      nohup "$ROOT/berth" serve --config "$WORK/node-$i.yaml" >"$WORK/node-$i.log" 2>&1 &
    echo $! >"$PIDS/node$i.pid"
  done
  for i in 1 2; do
    wait_for 300 "Berth node $i (see $WORK/node-$i.log)" node_up "$i"
  done
}

node_up() { # node_up INDEX: true once it answers; dies when its process has exited
  alive "node$1" || die "Berth node $1 exited; the end of $WORK/node-$1.log:$(echo; tail -n 15 "$WORK/node-$1.log")"
  curl -fs -o /dev/null "http://127.0.0.1:${NODE_PORTS[$(($1 - 1))]}/v2/"
}

# --- stop / status ----------------------------------------------------------------------------------------------
stop_pid() { # stop_pid NAME
  alive "$1" || { rm -f "$PIDS/$1.pid"; return 0; }
  local pid
  pid=$(cat "$PIDS/$1.pid")
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 60; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  rm -f "$PIDS/$1.pid"
  say "stopped $1"
}

stop_all() {
  [[ -d "$PIDS" ]] || { say "nothing to stop"; return 0; }
  stop_pid node1
  stop_pid node2
  stop_pid s3proxy
  if [[ -f "$PIDS/postgres.bin" ]]; then
    as_pg_owner "$(cat "$PIDS/postgres.bin")/pg_ctl" -D "$WORK/postgres" -m fast -w stop >/dev/null 2>&1 || true
    rm -f "$PIDS/postgres.bin" "$PIDS/postgres.pid"
    say "stopped our PostgreSQL"
  fi
}

status() {
  for name in node1 node2 s3proxy postgres; do
    if alive "$name"; then echo "$name: running (pid $(cat "$PIDS/$name.pid"))"; else echo "$name: not running (or not started by this script)"; fi
  done
}

print_addresses() {
  cat <<EOF

Berth scale-out on loopback:
  node 1      http://127.0.0.1:${NODE_PORTS[0]}
  node 2      http://127.0.0.1:${NODE_PORTS[1]}
  S3 (S3Proxy) http://127.0.0.1:$S3_PORT  bucket "$BUCKET", key $ACCESS_KEY / $SECRET_KEY
  PostgreSQL  jdbc:postgresql://127.0.0.1:$PG_PORT/$DB  (user $PG_USER)
Try: push to one node and pull from the other, e.g.
  skopeo copy --dest-tls-verify=false docker-archive:img.tar docker://127.0.0.1:${NODE_PORTS[0]}/demo/app:1
  skopeo inspect --tls-verify=false docker://127.0.0.1:${NODE_PORTS[1]}/demo/app:1
Configs and logs: $WORK
EOF
}

command=${1:-start}
case "$command" in
  start)
    detach=0
    [[ "${2:-}" == "--detach" ]] && detach=1
    mkdir -p "$WORK" "$PIDS"
    JDK=$("$ROOT/scripts/find-jdk")
    command -v curl >/dev/null 2>&1 || die "curl is needed"
    # A start that fails half-way stops what it had started.
    trap 'stop_all' EXIT
    if ((detach == 0)); then
      trap 'echo; exit 0' INT TERM
    fi
    start_postgres
    start_s3proxy
    start_nodes
    print_addresses
    if ((detach)); then
      trap - EXIT
      say "running in the background; stop with: $0 stop"
      exit 0
    fi
    say "running; Ctrl-C (or '$0 stop') stops everything started here"
    while alive node1 || alive node2; do
      sleep 2 &
      wait $! || true
    done
    say "the nodes have stopped"
    ;;
  stop) stop_all ;;
  status) status ;;
  *) die "unknown command '$command' (start [--detach] | stop | status)" ;;
esac
