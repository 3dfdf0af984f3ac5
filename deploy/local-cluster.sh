#!/usr/bin/env bash
# A Spark standalone cluster on this machine, on 127.0.0.1 only: one master and LWS_CLUSTER_WORKERS workers, each
# executor in its own JVM, run from the project's own Maven jars (deploy/spark-home/pom.xml; nothing downloaded by
# hand). Authentication and RPC encryption are on, with a secret generated per cluster.
#
#   deploy/local-cluster.sh start | stop | status
#
# State (outside the repository): LWS_CLUSTER_DIR, default ~/.lws/local-cluster:
#   secret, spark-defaults.conf   mode 0600: the secret and the settings every daemon and submission reads
#   *.pid, logs/, work-N/         daemons, their logs, the executors' working directories
# Environment: LWS_CLUSTER_WORKERS (2), LWS_WORKER_CORES (1), LWS_WORKER_MEMORY (6g), LWS_MASTER_PORT (7077),
#   LWS_MASTER_UI_PORT (8080; workers 8081...), LWS_PLACEHOLDER_GPUS (unset: no GPUs; N: every worker reports N
#   placeholder GPU addresses through deploy/gpu-discovery-placeholder.sh, a test-only script, each worker its own).
# deploy/submit-train.sh, submit-sweep.sh and prep-submit.sh submit to it when LWS_MASTER is unset and it runs.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

state="${LWS_CLUSTER_DIR:-$HOME/.lws/local-cluster}"
workers="${LWS_CLUSTER_WORKERS:-2}"
port="${LWS_MASTER_PORT:-7077}"
ui_port="${LWS_MASTER_UI_PORT:-8080}"
master_url="spark://127.0.0.1:$port"

alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

master_json() { curl -s --max-time 5 "http://127.0.0.1:$ui_port/json/"; }

start() {
  if alive "$state/master.pid"; then
    echo "local cluster already running: $master_url (deploy/local-cluster.sh status)"
    return
  fi
  local home
  home="$(lws_spark_home)"
  mkdir -p "$state/logs" && chmod 700 "$state"
  (umask 077
   head -c 32 /dev/urandom | base64 > "$state/secret"
   cat > "$state/spark-defaults.conf" <<CONF
spark.authenticate true
spark.authenticate.secret $(cat "$state/secret")
spark.network.crypto.enabled true
spark.master $master_url
spark.ui.showConsoleProgress false
spark.executor.cores ${LWS_WORKER_CORES:-1}
spark.task.cpus ${LWS_WORKER_CORES:-1}
spark.cores.max $((workers * ${LWS_WORKER_CORES:-1}))
spark.executor.memory 4g
CONF
  )
  export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1
  # Each daemon leads its own process group: stop kills the group, executors included.
  # shellcheck disable=SC2086
  setsid java $jvm_flags -Xmx1g -cp "$home/jars/*" -Dlog4j2.configurationFile="$root/conf/log4j2.properties" \
    org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port "$ui_port" \
    --properties-file "$state/spark-defaults.conf" > "$state/logs/master.log" 2>&1 &
  echo $! > "$state/master.pid"
  for ((i = 0; i < workers; i++)); do
    local conf="$state/spark-defaults.conf"
    if [[ -n "${LWS_PLACEHOLDER_GPUS:-}" ]]; then
      conf="$state/worker-$i.conf"
      (umask 077
       cat "$state/spark-defaults.conf" > "$conf"
       printf 'spark.worker.resource.gpu.amount %s\nspark.worker.resource.gpu.discoveryScript %s\n' \
         "$LWS_PLACEHOLDER_GPUS" "$root/deploy/gpu-discovery-placeholder.sh" >> "$conf")
    fi
    mkdir -p "$state/work-$i"
    # shellcheck disable=SC2086
    LWS_PLACEHOLDER_GPU_OFFSET=$((i * ${LWS_PLACEHOLDER_GPUS:-0})) setsid java $jvm_flags -Xmx1g -cp "$home/jars/*" \
      -Dlog4j2.configurationFile="$root/conf/log4j2.properties" \
      org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --webui-port $((ui_port + 1 + i)) \
      --cores "${LWS_WORKER_CORES:-1}" --memory "${LWS_WORKER_MEMORY:-6g}" --work-dir "$state/work-$i" \
      --properties-file "$conf" "$master_url" > "$state/logs/worker-$i.log" 2>&1 &
    echo $! > "$state/worker-$i.pid"
  done
  for _ in $(seq 1 120); do
    if [[ "$(master_json | python3 -c 'import json,sys; print(sum(w["state"] == "ALIVE" for w in json.load(sys.stdin)["workers"]))' \
          2>/dev/null)" == "$workers" ]]; then
      echo "local cluster up: $master_url, $workers workers, UI http://127.0.0.1:$ui_port (logs in $state/logs)"
      return
    fi
    sleep 0.5
  done
  echo "local cluster: the workers did not register within 60 s; see $state/logs" >&2
  stop
  exit 1
}

stop() {
  local pidfile pid
  for pidfile in "$state"/worker-*.pid "$state"/master.pid; do
    [[ -f "$pidfile" ]] || continue
    pid="$(cat "$pidfile")"
    kill -TERM -- "-$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do
      pgrep -g "$pid" > /dev/null || break
      sleep 0.25
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
    rm -f "$pidfile"
  done
  echo "local cluster stopped"
}

status() {
  if ! alive "$state/master.pid"; then
    echo "local cluster not running"
    return 1
  fi
  master_json | python3 -c "$(cat <<'PY'
import json, sys
m = json.load(sys.stdin)
print("master", m["url"], m["status"])
for w in m["workers"]:
    print("  worker", w["id"], w["state"], "cores %s/%s" % (w["coresused"], w["cores"]), "resources", w.get("resources", {}))
for a in m["activeapps"] + m["completedapps"]:
    print("  app", a["id"], a["state"], a["name"])
PY
)"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: deploy/local-cluster.sh start|stop|status" >&2; exit 2 ;;
esac
