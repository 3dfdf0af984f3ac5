#!/usr/bin/env bash
# The paper's comparison: the five 18-layer LWS profiles, each with every seed, as one Spark application a run with
# the same data, token budget and settings, one run directory each (RUN_ROOT/PROFILE-SIZE-seedN), one after
# another (default) or all at once (--concurrent: the cluster must have room for all of them).
#
#   deploy/submit-sweep.sh [--size S] [--profiles isotropic-18,crown-18,...] [--seeds 1,2] [--concurrent] \
#                          --data DIR --run-root DIR \
#                          [more ./lws train options, the same for every profile: --tokens N, --set key=value...]
#
# Where and with which resources: as deploy/submit-train.sh (LWS_SPARK_CONF, LWS_MASTER...; default: the loopback
# cluster). Each application's console goes to RUN_ROOT/logs/PROFILE-SIZE-seedN.log (LWS_SWEEP_LOGS, default
# logs/sweep, when RUN_ROOT is on hdfs://, s3a:// or another Hadoop file system). Then: ./lws runs RUN_ROOT and
# ./lws report --runs RUN_ROOT. The same command is safe to run again after a stop: every run is submitted with
# --resume, which continues a started run from its last checkpoint, does nothing for a finished one and starts one
# that has no run yet.
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"

profiles="isotropic-18,vanilla-18,framed-18,reverse-18,crown-18"
size=tiny seeds=1 concurrent=0 args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --profiles) profiles="$2"; shift 2 ;;
    --size) size="$2"; shift 2 ;;
    --seeds) seeds="$2"; shift 2 ;;
    --concurrent) concurrent=1; shift ;;
    --resume) shift ;; # every run resumes, or starts where there is none
    --run-root) run_root="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
: "${run_root:?--run-root DIR is required}"
logs="$run_root/logs"
[[ "$run_root" =~ ^[A-Za-z][A-Za-z0-9+.-]+:// && "$run_root" != file://* ]] && logs="${LWS_SWEEP_LOGS:-logs/sweep}"
mkdir -p "$logs"

submit() {
  local profile="$1" seed="$2" name="$1-$size-seed$2"
  echo "sweep: $profile/$size seed $seed -> $run_root/$name (console: $logs/$name.log)"
  "$here/submit-train.sh" "$profile" --size "$size" --seed "$seed" --run-root "$run_root" "${args[@]}" --resume \
    >> "$logs/$name.log" 2>&1
}

failed=()
IFS=, read -ra list <<< "$profiles"
IFS=, read -ra seed_list <<< "$seeds"
if [[ "$concurrent" == 1 ]]; then
  declare -A pids
  for profile in "${list[@]}"; do
    for seed in "${seed_list[@]}"; do
      submit "$profile" "$seed" & pids[$profile-$seed]=$!
    done
  done
  for key in "${!pids[@]}"; do
    wait "${pids[$key]}" || failed+=("$key")
  done
else
  for profile in "${list[@]}"; do
    for seed in "${seed_list[@]}"; do
      submit "$profile" "$seed" || failed+=("$profile seed $seed")
      tail -n 1 "$logs/$profile-$size-seed$seed.log"
    done
  done
fi

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "sweep: failed: ${failed[*]} (see their logs; continue with the same command)" >&2
  exit 1
fi
echo "sweep: done; ./lws runs $run_root; compare with ./lws report --runs $run_root --out $run_root/report"
