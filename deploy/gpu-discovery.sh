#!/usr/bin/env bash
# Spark's GPU discovery script for workers and executors (spark.worker.resource.gpu.discoveryScript,
# spark.executor.resource.gpu.discoveryScript): the GPU indices nvidia-smi reports, in Spark's ResourceInformation
# JSON, e.g. {"name": "gpu", "addresses": ["0", "1"]}.
set -euo pipefail
addresses="$(nvidia-smi --query-gpu=index --format=csv,noheader | sed 's/ //g; s/.*/"&"/' | paste -sd, -)"
echo "{\"name\": \"gpu\", \"addresses\": [${addresses}]}"
