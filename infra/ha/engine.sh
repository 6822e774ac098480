#!/usr/bin/env bash
# Starts or stops one engine process of the local HA cluster: api1, api2 (`--api-only`, behind
# HAProxy) or worker1, worker2. `engine.sh start api1`, `engine.sh stop worker2`, `engine.sh migrate`.
# The environment is the cluster's (engine.env, written by up.sh): a server start with its
# secrets, PostgreSQL through HAProxy and Redis through the three sentinels.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
# shellcheck source=env.sh
. "$HERE/env.sh"
RUN="$HA_DATA/run"

engine_env() {
  set -a
  # shellcheck disable=SC1091
  . "$HA_DATA/engine.env"
  set +a
}

alive() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }

case "${1:-}" in
  migrate)
    engine_env
    node "$ROOT/dist/apps/cli/src/main.js" migrate
    ;;
  start)
    name="${2:?engine.sh start api1|api2|worker1|worker2}"
    if alive "$name"; then echo "$name already running (pid $(cat "$RUN/$name.pid"))"; exit 0; fi
    engine_env
    case "$name" in
      api1) export PORT="$API1_PORT"; args=("$ROOT/dist/apps/api/src/main.js" --api-only) ;;
      api2) export PORT="$API2_PORT"; args=("$ROOT/dist/apps/api/src/main.js" --api-only) ;;
      worker1 | worker2) args=("$ROOT/dist/apps/worker/src/main.js") ;;
      *) echo "unknown engine process $name" >&2; exit 64 ;;
    esac
    export DATA_DIR="$HA_DATA/engine-$name"
    mkdir -p "$DATA_DIR"
    cd "$ROOT"
    setsid node "${args[@]}" >>"$HA_DATA/log/$name.log" 2>&1 < /dev/null &
    echo $! > "$RUN/$name.pid"
    echo "$name started (pid $!)"
    ;;
  stop)
    name="${2:?engine.sh stop api1|api2|worker1|worker2}"
    if alive "$name"; then
      pid="$(cat "$RUN/$name.pid")"
      kill -TERM "$pid"
      for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$RUN/$name.pid"
    ;;
  *)
    echo "usage: engine.sh migrate | start NAME | stop NAME" >&2
    exit 64
    ;;
esac
