#!/usr/bin/env bash
# `npm run ha:down`: stops every process of the local HA cluster (up.sh) and removes its data.
# Only the processes the cluster recorded (pid files, PostgreSQL's postmaster.pid) are stopped.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=env.sh
. "$HERE/env.sh"
RUN="$HA_DATA/run"
[ -d "$HA_DATA" ] || { echo "[ha:down] nothing to stop ($HA_DATA does not exist)"; exit 0; }

pids() {
  for name in api1 api2 worker1 worker2 haproxy patroni-pg1 patroni-pg2 redis1 redis2 sentinel1 sentinel2 sentinel3 etcd; do
    [ -f "$RUN/$name.pid" ] && cat "$RUN/$name.pid"
  done
  for node in pg1 pg2; do [ -f "$HA_DATA/pg/$node/postmaster.pid" ] && head -1 "$HA_DATA/pg/$node/postmaster.pid"; done
}
stop_all() { # stop_all SIGNAL
  for pid in $(pids); do kill "-$1" "$pid" 2>/dev/null; done
}
# Engine first (it drains), then the rest; SIGCONT wakes a process a fault test paused.
stop_all CONT
for name in api1 api2 worker1 worker2; do [ -f "$RUN/$name.pid" ] && kill -TERM "$(cat "$RUN/$name.pid")" 2>/dev/null; done
sleep 1
stop_all TERM
for _ in $(seq 1 100); do
  left=0
  for pid in $(pids); do kill -0 "$pid" 2>/dev/null && left=1; done
  [ "$left" = 0 ] && break
  sleep 0.2
done
stop_all KILL
rm -rf "$HA_DATA"
echo "[ha:down] stopped and removed $HA_DATA"
