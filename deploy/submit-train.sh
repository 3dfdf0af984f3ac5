#!/usr/bin/env bash
# One training application (one LWS profile) submitted with spark-submit, client mode:
#
#   deploy/submit-train.sh PROFILE [--size S] --data DIR --run-root DIR [more ./lws train options...]
#
# The run goes to RUN_ROOT/PROFILE-SIZE (its Spark application is named "lws train PROFILE/SIZE RUN_ID"); the
# options after --run-root are ./lws train's (--max-steps, --tokens, --set key=value, --resume, ...).
# Where: LWS_MASTER (spark://..., yarn, k8s://...) with LWS_SPARK_CONF, a spark-defaults-style file of settings
# (conf/cluster/*.conf are examples); when LWS_MASTER is unset, the loopback cluster of deploy/local-cluster.sh
# (its master and its secret). LWS_VARIANT=cuda submits the CUDA build (GPU executors). Sizing: LWS_EXECUTORS (2),
# LWS_EXECUTOR_CORES (1), LWS_EXECUTOR_MEMORY (4g), LWS_DRIVER_MEMORY (4g).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

profile="${1:?usage: deploy/submit-train.sh PROFILE [--size S] --data DIR --run-root DIR [train options]}"
shift
size=tiny
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size) size="$2"; shift 2 ;;
    --run-root) run_root="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
: "${run_root:?--run-root DIR is required}"

cluster="${LWS_CLUSTER_DIR:-$HOME/.lws/local-cluster}"
settings=()
if [[ -n "${LWS_MASTER:-}" ]]; then
  settings+=(--master "$LWS_MASTER")
  [[ -n "${LWS_SPARK_CONF:-}" ]] && settings+=(--properties-file "$LWS_SPARK_CONF")
elif [[ -f "$cluster/spark-defaults.conf" ]] && "$root/deploy/local-cluster.sh" status > /dev/null; then
  settings+=(--properties-file "$cluster/spark-defaults.conf")
  export SPARK_LOCAL_IP=127.0.0.1
else
  echo "submit-train: set LWS_MASTER (and LWS_SPARK_CONF), or start the loopback cluster: deploy/local-cluster.sh start" >&2
  exit 2
fi

variant="${LWS_VARIANT:-cpu}"
app="$(lws_app_dir "$variant")"
home="$(lws_spark_home)"
executors="${LWS_EXECUTORS:-2}" cores="${LWS_EXECUTOR_CORES:-1}"
. "$root/conf/cpu-env.sh"
lws_spark_submit "${settings[@]}" \
  --deploy-mode client \
  --class org.lwsspark.cli.Lws \
  --total-executor-cores $((executors * cores)) --executor-cores "$cores" \
  --executor-memory "${LWS_EXECUTOR_MEMORY:-4g}" --driver-memory "${LWS_DRIVER_MEMORY:-4g}" \
  --conf "spark.executor.extraJavaOptions=$jvm_flags -Dlog4j2.configurationFile=$root/conf/log4j2.properties" \
  --conf "spark.executorEnv.OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-}" \
  --conf spark.executorEnv.OMP_WAIT_POLICY=PASSIVE \
  --conf "spark.executorEnv.OMP_NUM_THREADS=$cores" \
  --conf "spark.executorEnv.LWS_GIT_COMMIT=$(git -C "$root" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)" \
  --jars "$(lws_app_jars "$home" "$app")" \
  "$(ls "$app"/lws-spark-jobs-*.jar)" \
  train --profile "$profile" --size "$size" --run-dir "$run_root/$profile-$size" \
  "${args[@]}"
