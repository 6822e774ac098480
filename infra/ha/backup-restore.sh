#!/usr/bin/env bash
# `npm run ha:backup-check`: a base backup of the HA cluster's primary (pg_basebackup, through
# HAProxy) plus the WAL archive Patroni fills, restored into a scratch PostgreSQL on a spare
# port, recovered to the end of the archive, then checked with `audit verify` (every hash, both
# chains, the signed checkpoints). Exits non-zero when any step fails. The scratch server and
# its data are removed afterwards; the backup stays in $HA_DATA/backups/<time>.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=env.sh
. "$HERE/env.sh"
RESTORE_PORT="${RESTORE_PORT:-55499}"
BIN=/usr/lib/postgresql/15/bin
say() { printf '[ha:backup-check] %s\n' "$*"; }
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
set -a
# shellcheck disable=SC1091
. "$HA_DATA/secrets.env"
set +a

stamp="$(date -u +%Y%m%dT%H%M%SZ)"
backup="$HA_DATA/backups/$stamp"
restore="$HA_DATA/restore-$stamp"
mkdir -p "$backup" && chown postgres:postgres "$backup" 2>/dev/null || true

say "base backup of the primary into $backup"
start=$(date +%s%N)
as_postgres env PGPASSWORD="$PG_REPLICATION_PASSWORD" "$BIN/pg_basebackup" -h 127.0.0.1 -p "$HAPROXY_PG_PORT" -U replicator \
  -D "$backup" -Ft -z -Xnone --checkpoint=fast --label="ha-$stamp" 2>&1 | grep -v 'all required WAL segments have been archived' || true
[ -s "$backup/base.tar.gz" ] || { say "pg_basebackup wrote no base.tar.gz"; exit 1; }
say "base backup took $(( ($(date +%s%N) - start) / 1000000 )) ms, $(du -sh "$backup" | cut -f1)"
# Everything committed up to now reaches the archive before the restore replays it.
PGPASSWORD="$PG_SUPERUSER_PASSWORD" psql -h 127.0.0.1 -p "$HAPROXY_PG_PORT" -U postgres -d postgres -Atc "select pg_switch_wal()" >/dev/null
head_before="$(PGPASSWORD="$PG_SUPERUSER_PASSWORD" psql -h 127.0.0.1 -p "$HAPROXY_PG_PORT" -U postgres -d "$PG_DATABASE" -Atc "select coalesce(max(position), 0) from events")"
sleep 2

say "restoring into $restore (port $RESTORE_PORT)"
start=$(date +%s%N)
mkdir -p "$restore" && chown postgres:postgres "$restore" && chmod 700 "$restore"
as_postgres tar -xzf "$backup/base.tar.gz" -C "$restore"
as_postgres bash -c "cat >> '$restore/postgresql.auto.conf'" <<CONF
restore_command = 'cp $HA_DATA/wal-archive/%f %p'
recovery_target_action = 'promote'
archive_mode = 'off'
synchronous_standby_names = ''
port = $RESTORE_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$restore'
CONF
as_postgres touch "$restore/recovery.signal"
cleanup() { as_postgres "$BIN/pg_ctl" -D "$restore" -m fast -w stop >/dev/null 2>&1 || true; rm -rf "$restore"; }
trap cleanup EXIT
as_postgres "$BIN/pg_ctl" -D "$restore" -l "$HA_DATA/backups/restore-$stamp.log" -w -t 120 start >/dev/null
for _ in $(seq 1 120); do
  [ "$(as_postgres psql -h "$restore" -p "$RESTORE_PORT" -U postgres -d postgres -Atc 'select pg_is_in_recovery()' 2>/dev/null)" = f ] && break
  sleep 0.5
done
say "restore and recovery took $(( ($(date +%s%N) - start) / 1000000 )) ms"
head_after="$(as_postgres psql -h "$restore" -p "$RESTORE_PORT" -U postgres -d "$PG_DATABASE" -Atc "select coalesce(max(position), 0) from events")"
say "events: position $head_before on the primary before the backup check, $head_after restored"
[ "$head_after" -ge "$head_before" ] || { say "the restore lacks events the primary had"; exit 1; }

say "audit verify on the restored database"
set -a
# shellcheck disable=SC1091
. "$HA_DATA/engine.env"
set +a
report="$(DATABASE_URL="postgres://$PG_USER:$PG_ENGINE_PASSWORD@127.0.0.1:$RESTORE_PORT/$PG_DATABASE" node "$ROOT/dist/apps/cli/src/main.js" audit verify)" \
  || { printf '%s\n' "$report" | head -1; say "audit verify failed on the restored database"; exit 1; }
printf '%s\n' "$report" | head -1
