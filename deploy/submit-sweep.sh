#!/usr/bin/env bash
# The paper's comparison: the five 18-layer LWS profiles as five Spark applications with the same data, token
# budget, seed and settings, one run directory each (RUN_ROOT/PROFILE-SIZE), one after another (default) or all at
# once (--concurrent: the cluster must have room for all five).
#
#   deploy/submit-sweep.sh [--size S] [--profiles isotropic-18,crown-18,...] [--concurrent] [--resume] \
#                          --data DIR --run-root DIR \
#                          [more ./lws train options, the same for every profile: --tokens N, --set key=value...]
#
# Where and with which resources: as deploy/submit-train.sh (LWS_SPARK_CONF, LWS_MASTER...; default: the loopback
# cluster). Each application's console goes to RUN_ROOT/logs/PROFILE-SIZE.log. Then: ./lws report --runs RUN_ROOT.
# A sweep that stopped part-way is continued by the same command with --resume: runs already started resume from their
# last checkpoint (finished ones do nothing), the others start.
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"

profiles="isotropic-18,vanilla-18,framed-18,reverse-18,crown-18"
size=tiny concurrent=0 resume=0 args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --profiles) profiles="$2"; shift 2 ;;
    --size) size="$2"; shift 2 ;;
    --concurrent) concurrent=1; shift ;;
    --resume) resume=1; shift ;;
    --run-root) run_root="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
: "${run_root:?--run-root DIR is required}"
mkdir -p "$run_root/logs"

submit() {
  local profile="$1" log="$run_root/logs/$1-$size.log" again=()
  [[ "$resume" == 1 && -f "$run_root/$profile-$size/run.json" ]] && again=(--resume)
  echo "sweep: $profile/$size -> $run_root/$profile-$size (console: $log)"
  "$here/submit-train.sh" "$profile" --size "$size" --run-root "$run_root" "${args[@]}" "${again[@]}" >> "$log" 2>&1
}

failed=()
IFS=, read -ra list <<< "$profiles"
if [[ "$concurrent" == 1 ]]; then
  declare -A pids
  for profile in "${list[@]}"; do
    submit "$profile" & pids[$profile]=$!
  done
  for profile in "${list[@]}"; do
    wait "${pids[$profile]}" || failed+=("$profile")
  done
else
  for profile in "${list[@]}"; do
    submit "$profile" || failed+=("$profile")
    tail -n 1 "$run_root/logs/$profile-$size.log"
  done
fi

for profile in "${list[@]}"; do
  echo "  $profile: $run_root/$profile-$size"
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "sweep: failed: ${failed[*]} (see their logs; continue with the same command and --resume)" >&2
  exit 1
fi
echo "sweep: done; compare with ./lws report --runs $run_root --out $run_root/report"
