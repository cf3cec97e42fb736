#!/usr/bin/env bash
# A standalone Spark cluster on this machine, from the PySpark distribution installed in .venv
# (its sbin/ has no start-master.sh: the daemons are started with bin/spark-class).
#
#   scripts/spark-cluster.sh start|stop|status|url
#
# start   a master on 127.0.0.1 and $SPARK_WORKERS workers; waits until every worker is
#         registered (the master's JSON at http://127.0.0.1:$SPARK_MASTER_WEBUI_PORT/json), then
#         prints the master URL (spark://127.0.0.1:7077). Idempotent: a running cluster is kept.
# stop    stops the workers (with their executors) and the master; idempotent.
# status  the daemons and what the master reports; exit 0 when up, 3 when not.
# url     prints the master URL.
#
# Settings (environment, defaults sized for a 2-core, 24 GB machine):
#   CHRYSALIS_SPARK_DIR       work dir: pids, logs, worker dirs, scratch (/tmp/chrysalis-spark-cluster)
#   SPARK_WORKERS             number of workers (2)
#   SPARK_WORKER_CORES        cores offered by each worker (1)
#   SPARK_WORKER_MEMORY       memory offered by each worker (4g; an application's executors take
#                             spark.executor.memory of it, 1g unless the application asks for more)
#   SPARK_MASTER_PORT         7077;  SPARK_MASTER_WEBUI_PORT 8080;  workers' UIs from 8081 on
#   SPARK_HOME                the distribution (default: the pyspark package of .venv)
#   PYSPARK_PYTHON            Python of the executors' Python workers (default: .venv/bin/python)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="$ROOT/.venv/bin/python"
DIR="${CHRYSALIS_SPARK_DIR:-/tmp/chrysalis-spark-cluster}"
WORKERS="${SPARK_WORKERS:-2}"
CORES="${SPARK_WORKER_CORES:-1}"
MEMORY="${SPARK_WORKER_MEMORY:-4g}"
HOST=127.0.0.1
PORT="${SPARK_MASTER_PORT:-7077}"
UI="${SPARK_MASTER_WEBUI_PORT:-8080}"
URL="spark://$HOST:$PORT"
TIMEOUT="${SPARK_CLUSTER_TIMEOUT:-90}"

spark_home() {
  if [ -n "${SPARK_HOME:-}" ]; then echo "$SPARK_HOME"; return; fi
  "$PY" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))'
}

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Alive workers registered with the master (empty when the master does not answer).
registered() {
  "$PY" - "$HOST" "$UI" <<'PY' 2>/dev/null || true
import json, sys, urllib.request
try:
    with urllib.request.urlopen(f"http://{sys.argv[1]}:{sys.argv[2]}/json/", timeout=3) as r:
        print(json.load(r).get("aliveworkers", 0))
except Exception:
    pass
PY
}

port_free() {
  "$PY" - "$HOST" "$1" <<'PY'
import socket, sys
s = socket.socket()
try:
    s.bind((sys.argv[1], int(sys.argv[2])))
except OSError:
    sys.exit(1)
finally:
    s.close()
PY
}

# Start one daemon in its own session (its executors join its process group, so stop can end
# them all by the group id); the pid is the JVM's (spark-class ends in exec).
daemon() {
  local name="$1"; shift
  setsid "$SH/bin/spark-class" "$@" >"$DIR/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$DIR/pids/$name.pid"
}

start() {
  mkdir -p "$DIR/pids" "$DIR/logs" "$DIR/scratch"
  if alive "$DIR/pids/master.pid" && [ "$(registered)" = "$WORKERS" ]; then
    echo "$URL"; return 0
  fi
  stop >/dev/null
  SH="$(spark_home)"
  for p in "$PORT" "$UI"; do
    port_free "$p" || { echo "port $HOST:$p is in use (set SPARK_MASTER_PORT / SPARK_MASTER_WEBUI_PORT)" >&2; exit 1; }
  done
  export SPARK_HOME="$SH" SPARK_LOCAL_IP="$HOST" SPARK_LOCAL_DIRS="$DIR/scratch" SPARK_LOG_DIR="$DIR/logs"
  export PYSPARK_PYTHON="${PYSPARK_PYTHON:-$PY}"
  export SPARK_DAEMON_MEMORY="${SPARK_DAEMON_MEMORY:-512m}"
  daemon master org.apache.spark.deploy.master.Master --host "$HOST" --port "$PORT" --webui-port "$UI"
  local i
  for i in $(seq 1 "$WORKERS"); do
    mkdir -p "$DIR/worker-$i"
    daemon "worker-$i" org.apache.spark.deploy.worker.Worker --host "$HOST" --cores "$CORES" \
      --memory "$MEMORY" --webui-port $((UI + i)) --work-dir "$DIR/worker-$i" "$URL"
  done
  local waited=0
  while [ "$(registered)" != "$WORKERS" ]; do
    for f in "$DIR"/pids/*.pid; do
      alive "$f" || { echo "$(basename "$f" .pid) exited; log:" >&2; tail -20 "$DIR/logs/$(basename "$f" .pid).log" >&2; stop >/dev/null; exit 1; }
    done
    if [ "$waited" -ge "$TIMEOUT" ]; then
      echo "workers not registered after ${TIMEOUT}s (logs in $DIR/logs)" >&2; stop >/dev/null; exit 1
    fi
    sleep 1; waited=$((waited + 1))
  done
  echo "$URL"
}

stop() {
  [ -d "$DIR/pids" ] || { echo "stopped"; return 0; }
  local f pid n
  # workers first (each takes its executors along), then the master
  for f in $(ls "$DIR"/pids/worker-*.pid 2>/dev/null) "$DIR/pids/master.pid"; do
    [ -f "$f" ] || continue
    pid="$(cat "$f")"
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
      n=0
      while kill -0 "$pid" 2>/dev/null && [ "$n" -lt 50 ]; do sleep 0.2; n=$((n + 1)); done
    fi
    # whatever is left of the group (an executor that outlived its worker)
    kill -KILL -- "-$pid" 2>/dev/null || true
    rm -f "$f"
  done
  echo "stopped"
}

status() {
  local up=0 f
  for f in "$DIR"/pids/*.pid; do
    [ -f "$f" ] || continue
    if alive "$f"; then echo "$(basename "$f" .pid): running (pid $(cat "$f"))"; up=1
    else echo "$(basename "$f" .pid): dead (stale pid $(cat "$f"))"; fi
  done
  [ "$up" = 1 ] || { echo "not running"; return 3; }
  "$PY" - "$HOST" "$UI" <<'PY' || return 3
import json, sys, urllib.request
try:
    with urllib.request.urlopen(f"http://{sys.argv[1]}:{sys.argv[2]}/json/", timeout=3) as r:
        m = json.load(r)
except Exception as e:
    print(f"master does not answer: {e}")
    sys.exit(1)
print(f"{m['url']}: {m['status']}, {m['aliveworkers']} workers alive, {m['cores']} cores, "
      f"{m['memory']} MB, {len(m.get('activeapps', []))} applications running")
for w in m.get("workers", []):
    print(f"  {w['id']}: {w['state']}, {w['cores']} cores ({w['coresused']} used), {w['memory']} MB")
PY
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  url) echo "$URL" ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
