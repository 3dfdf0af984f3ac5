#!/usr/bin/env bash
# One training application (one LWS profile) submitted with spark-submit, client mode:
#
#   deploy/submit-train.sh PROFILE [--size S] [--seed N] --data DIR --run-root DIR [more ./lws train options...]
#
# The run goes to RUN_ROOT/PROFILE-SIZE-seedN (seed 1 unless given; its Spark application is named "lws train
# PROFILE/SIZE seed N"); the options after --run-root are ./lws train's (--max-steps, --tokens, --set key=value,
# --resume, ...). Where it is submitted, and with which resources: LWS_SPARK_CONF, LWS_MASTER, LWS_VARIANT...
# (deploy/lib.sh, lws_submit); by default the loopback cluster of deploy/local-cluster.sh.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

profile="${1:?usage: deploy/submit-train.sh PROFILE [--size S] [--seed N] --data DIR --run-root DIR [train options]}"
shift
size=tiny seed=1
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size) size="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --run-root) run_root="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
: "${run_root:?--run-root DIR is required}"

lws_submit "lws train $profile/$size seed $seed" -- \
  train --profile "$profile" --size "$size" --set "seed=$seed" --run-dir "$run_root/$profile-$size-seed$seed" "${args[@]}"
