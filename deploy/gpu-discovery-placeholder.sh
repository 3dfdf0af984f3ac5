#!/usr/bin/env bash
# TEST ONLY: reports LWS_PLACEHOLDER_GPUS (default 2) GPU addresses that do not exist, starting at
# LWS_PLACEHOLDER_GPU_OFFSET (default 0; deploy/local-cluster.sh gives each worker its own range, so that the
# addresses of all executors differ), so that Spark's GPU scheduling (worker resources, executor and task amounts,
# addresses given to tasks) can be exercised on a machine without a GPU. Never use it on a real cluster.
set -euo pipefail
n="${LWS_PLACEHOLDER_GPUS:-2}"
first="${LWS_PLACEHOLDER_GPU_OFFSET:-0}"
addresses="$(seq "$first" $((first + n - 1)) | sed 's/.*/"&"/' | paste -sd, -)"
echo "{\"name\": \"gpu\", \"addresses\": [${addresses}]}"
