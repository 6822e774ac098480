#!/usr/bin/env bash
# `npm run ha:up`: the engine's high-availability topology on this machine, on loopback ports
# (env.sh), from Debian packages (etcd-server, patroni, haproxy, redis-sentinel, postgresql-15):
#
#   etcd ─ Patroni pg1 (primary) ⇄ Patroni pg2 (synchronous standby) ─ HAProxy :55000 (primary)
#   Redis primary :56379 → replica :56380, three Sentinels :56381-56383
#   engine: api1 :55081 + api2 :55082 behind HAProxy :55080, worker1 + worker2
#
# Safe to run again: what is running is left alone, what is missing is started. Data, logs and
# generated secrets live in $HA_DATA_DIR (default $TMPDIR/grants-ha); `npm run ha:down` removes them.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=env.sh
. "$HERE/env.sh"
RUN="$HA_DATA/run"
LOG="$HA_DATA/log"

say() { printf '[ha:up] %s\n' "$*"; }
fail() { printf '[ha:up] %s\n' "$*" >&2; exit 1; }
alive() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }
wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local seconds="$1" what="$2"; shift 2
  for _ in $(seq 1 $((seconds * 5))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  fail "timed out waiting for $what (logs in $LOG)"
}
render() { # render TEMPLATE OUT (only the ${VARS} this cluster defines are replaced)
  envsubst "$(printf '${%s} ' HA_DATA NODE PORT REST_PORT PG_PORT ETCD_PORT PG_SUPERUSER_PASSWORD PG_REPLICATION_PASSWORD PG_REWIND_PASSWORD \
    HAPROXY_PG_PORT HAPROXY_PG_REPLICA_PORT HAPROXY_API_PORT HAPROXY_STATS_PORT PG1_PORT PG2_PORT PG1_REST_PORT PG2_REST_PORT \
    API1_PORT API2_PORT SENTINEL_NAME REDIS1_PORT)" < "$HERE/templates/$1" > "$2"
}

for bin in etcd etcdctl patroni patronictl haproxy redis-server redis-sentinel redis-cli psql envsubst node; do
  command -v "$bin" >/dev/null || fail "$bin is missing: apt-get install -y etcd-server etcd-client patroni haproxy redis-sentinel postgresql-15 gettext-base"
done
[ -x /usr/lib/postgresql/15/bin/postgres ] || fail "PostgreSQL 15 is missing: apt-get install -y postgresql-15"
id postgres >/dev/null 2>&1 || fail "the postgres system user is missing (it comes with postgresql-15)"
[ "$(id -u)" = 0 ] || [ "$(id -un)" = postgres ] || fail "run as root (PostgreSQL runs as the postgres user) or as postgres"
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

mkdir -p "$HA_DATA" "$RUN" "$LOG" "$HA_DATA/wal-archive" "$HA_DATA/backups"
chmod 755 "$HA_DATA"

# Secrets, generated once per cluster and kept beside its data.
if [ ! -f "$HA_DATA/secrets.env" ]; then
  (
    umask 077
    {
      echo "PG_SUPERUSER_PASSWORD=$(openssl rand -hex 16)"
      echo "PG_REPLICATION_PASSWORD=$(openssl rand -hex 16)"
      echo "PG_REWIND_PASSWORD=$(openssl rand -hex 16)"
      echo "PG_ENGINE_PASSWORD=$(openssl rand -hex 16)"
    } > "$HA_DATA/secrets.env"
  )
fi
set -a
# shellcheck disable=SC1091
. "$HA_DATA/secrets.env"
set +a

# --- etcd: the store Patroni keeps its leader key in --------------------------------------
if alive etcd; then say "etcd already running"; else
  say "starting etcd on 127.0.0.1:$ETCD_PORT"
  setsid etcd --name ha-etcd --data-dir "$HA_DATA/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "ha-etcd=http://127.0.0.1:$ETCD_PEER_PORT" --initial-cluster-state new \
    >>"$LOG/etcd.log" 2>&1 < /dev/null &
  echo $! > "$RUN/etcd.pid"
fi
wait_for 20 "etcd" env ETCDCTL_API=3 etcdctl --endpoints "127.0.0.1:$ETCD_PORT" endpoint health

# --- PostgreSQL 15 under Patroni: pg1 bootstraps, pg2 clones it as synchronous standby ------
start_patroni() { # start_patroni NODE PG_PORT REST_PORT
  local node="$1"
  if alive "patroni-$node"; then say "patroni $node already running"; return; fi
  mkdir -p "$LOG/$node"
  # PostgreSQL creates its data directory itself, as the postgres user: it needs a parent it may write.
  mkdir -p "$HA_DATA/pg" && chown postgres:postgres "$HA_DATA/pg"
  NODE="$node" PG_PORT="$2" REST_PORT="$3" render patroni.yml "$HA_DATA/patroni-$node.yml"
  chown -R postgres:postgres "$HA_DATA/run" "$LOG/$node" "$HA_DATA/wal-archive" "$HA_DATA/backups" "$HA_DATA/patroni-$node.yml"
  chmod 600 "$HA_DATA/patroni-$node.yml"
  say "starting patroni $node (PostgreSQL 127.0.0.1:$2, REST 127.0.0.1:$3)"
  # The pid file names Patroni itself (the shell writes its pid, then becomes Patroni).
  rm -f "$RUN/patroni-$node.pid"
  setsid bash -c 'if [ "$(id -u)" = 0 ]; then exec runuser -u postgres -- "$@"; else exec "$@"; fi' _ \
    sh -c 'echo $$ > "$0"; exec patroni "$1"' "$RUN/patroni-$node.pid" "$HA_DATA/patroni-$node.yml" >>"$LOG/patroni-$node.log" 2>&1 < /dev/null &
  for _ in $(seq 1 50); do [ -s "$RUN/patroni-$node.pid" ] && break; sleep 0.1; done
}
has_leader() { curl -fsS "http://127.0.0.1:$PG1_REST_PORT/primary" || curl -fsS "http://127.0.0.1:$PG2_REST_PORT/primary"; }
has_sync_standby() { patronictl -c "$HA_DATA/patroni-pg1.yml" list -f json | grep -q '"Sync Standby"'; }
start_patroni pg1 "$PG1_PORT" "$PG1_REST_PORT"
wait_for 90 "a PostgreSQL primary" has_leader
start_patroni pg2 "$PG2_PORT" "$PG2_REST_PORT"
wait_for 120 "the synchronous standby" has_sync_standby

# --- HAProxy: PostgreSQL primary by Patroni's health check, and the two APIs -------------
render haproxy.cfg "$HA_DATA/haproxy.cfg"
if alive haproxy; then say "haproxy already running"; else
  say "starting haproxy (PostgreSQL primary 127.0.0.1:$HAPROXY_PG_PORT, API 127.0.0.1:$HAPROXY_API_PORT, stats 127.0.0.1:$HAPROXY_STATS_PORT)"
  haproxy -f "$HA_DATA/haproxy.cfg" >>"$LOG/haproxy.log" 2>&1
fi
# A fresh HAProxy counts every server up until its checks say otherwise: wait until exactly one
# PostgreSQL server is up behind the primary port, and that it is the primary.
one_server_up() { [ "$(curl -fsS "http://127.0.0.1:$HAPROXY_STATS_PORT/;csv" | awk -F, '$1 == "postgres-primary" && $2 ~ /^pg/ && $18 ~ /^UP/' | wc -l)" = 1 ]; }
pg_primary() { one_server_up && PGPASSWORD="$PG_SUPERUSER_PASSWORD" psql -h 127.0.0.1 -p "$HAPROXY_PG_PORT" -U postgres -d postgres -Atc "select not pg_is_in_recovery()" | grep -q t; }
wait_for 30 "PostgreSQL through HAProxy" pg_primary

# The engine's role and database (created once).
PGPASSWORD="$PG_SUPERUSER_PASSWORD" psql -q -h 127.0.0.1 -p "$HAPROXY_PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 <<SQL
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', '$PG_USER', '$PG_ENGINE_PASSWORD') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', '$PG_DATABASE', '$PG_USER') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$PG_DATABASE') \gexec
SQL

# --- Redis primary + replica and three Sentinels ------------------------------------------
start_redis() { # start_redis NODE PORT [replicaof-port]
  local node="$1" port="$2"
  if alive "$node"; then say "$node already running"; return; fi
  mkdir -p "$HA_DATA/$node"
  [ -f "$HA_DATA/$node.conf" ] || NODE="$node" PORT="$port" render redis.conf "$HA_DATA/$node.conf"
  if [ -n "${3:-}" ] && ! grep -q '^replicaof' "$HA_DATA/$node.conf"; then echo "replicaof 127.0.0.1 $3" >> "$HA_DATA/$node.conf"; fi
  say "starting $node on 127.0.0.1:$port"
  redis-server "$HA_DATA/$node.conf"
}
start_redis redis1 "$REDIS1_PORT"
start_redis redis2 "$REDIS2_PORT" "$REDIS1_PORT"
i=0
for port in $SENTINEL_PORTS; do
  i=$((i + 1)); node="sentinel$i"
  if alive "$node"; then say "$node already running"; continue; fi
  mkdir -p "$HA_DATA/$node"
  [ -f "$HA_DATA/$node.conf" ] || NODE="$node" PORT="$port" render sentinel.conf "$HA_DATA/$node.conf"
  say "starting $node on 127.0.0.1:$port"
  redis-sentinel "$HA_DATA/$node.conf"
done
sentinels_agree() {
  for port in $SENTINEL_PORTS; do
    redis-cli -p "$port" sentinel get-master-addr-by-name "$SENTINEL_NAME" | grep -q 127.0.0.1 || return 1
    [ "$(redis-cli -p "$port" sentinel master "$SENTINEL_NAME" | grep -A1 '^num-other-sentinels$' | tail -1)" = 2 ] || return 1
  done
}
wait_for 30 "the sentinels to know the primary and each other" sentinels_agree

# --- The engine: a server start, 2 API + 2 worker processes -------------------------------
if [ ! -f "$HA_DATA/engine.env" ]; then
  (
    umask 077
    sentinels="$(for p in $SENTINEL_PORTS; do printf '127.0.0.1:%s,' "$p"; done)"
    {
      echo "NODE_ENV=production"
      echo "DATABASE_URL=postgres://$PG_USER:$PG_ENGINE_PASSWORD@127.0.0.1:$HAPROXY_PG_PORT/$PG_DATABASE"
      echo "REDIS_URL=redis://127.0.0.1:$REDIS1_PORT"
      echo "REDIS_SENTINELS=${sentinels%,}"
      echo "REDIS_SENTINEL_NAME=$SENTINEL_NAME"
      echo "QUEUE_PREFIX=$QUEUE_PREFIX"
      echo "HOST=127.0.0.1"
      echo "AUTH_JWT_SECRET=$(openssl rand -base64 48 | tr -d '\n')"
      echo "AUTH_JWT_ISSUER=https://id.grants-ha.invalid"
      echo "AUTH_JWT_AUDIENCE=grants-engine-ha"
      echo "FINANCE_WEBHOOK_SECRET=whsec_$(openssl rand -base64 24)"
      echo "AUDIT_SIGNING_KEY=\"$(openssl genpkey -algorithm ed25519 | awk '{printf "%s\\n", $0}')\""
      echo "DATA_KEY_ENCRYPTION_KEY=$(openssl rand -base64 32)"
      echo "WEBHOOK_ALLOWED_HOSTS=127.0.0.1"
      echo "METRICS_TOKEN=$(openssl rand -hex 16)"
      echo "RATE_LIMIT_PUBLIC=1000000"
      echo "RATE_LIMIT_ADDRESS=1000000"
      echo "RATE_LIMIT_AUTHENTICATED=1000000"
      echo "DATABASE_POOL_SIZE=10"
    } > "$HA_DATA/engine.env"
  )
fi
if [ ! -f "$ROOT/dist/apps/api/src/main.js" ] || [ ! -f "$ROOT/dist/apps/worker/src/main.js" ]; then
  say "building the engine (npm run build)"
  (cd "$ROOT" && npm run build --silent)
fi
say "migrating the database"
"$HERE/engine.sh" migrate >>"$LOG/migrate.log" 2>&1 || fail "migration failed (see $LOG/migrate.log)"
for name in api1 api2 worker1 worker2; do "$HERE/engine.sh" start "$name"; done
ready() { curl -fsS "http://127.0.0.1:$1/health/ready"; }
wait_for 60 "api1 to be ready" ready "$API1_PORT"
wait_for 60 "api2 to be ready" ready "$API2_PORT"
sleep 2
for name in worker1 worker2; do alive "$name" || fail "$name exited (see $LOG/$name.log)"; done

say "up. PostgreSQL primary: 127.0.0.1:$HAPROXY_PG_PORT, API: http://127.0.0.1:$HAPROXY_API_PORT, HAProxy stats: http://127.0.0.1:$HAPROXY_STATS_PORT/"
patronictl -c "$HA_DATA/patroni-pg1.yml" list
printf 'Redis primary (sentinel %s): ' "${SENTINEL_PORTS%% *}"
redis-cli -p "${SENTINEL_PORTS%% *}" sentinel get-master-addr-by-name "$SENTINEL_NAME" | paste -sd: -
say "data, logs and secrets: $HA_DATA"
