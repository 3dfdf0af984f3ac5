#!/usr/bin/env bash
# Data-prep as a Spark application (spark-submit, client mode): the same code, options and defaults as ./lws prep.
#
#   deploy/prep-submit.sh --input 's3a://corpus/enwiki/*.xml.bz2' --input 's3a://corpus/cc/CC-MAIN-2024-22/*.wet.gz' \
#                         --out s3a://corpus/prep/gpt2-1024 [--conf my-prep.conf] [--strict]
#
# Re-running it with the same --out is cheap and safe: inputs already processed (same size and modification time)
# are skipped, new ones are processed incrementally, and a failed run leaves nothing visible (see data-prep's
# Committer). That is what deploy/prep-cron and deploy/prep-airflow-dag.py rely on. Where it is submitted, and with
# which resources: LWS_PREP_SPARK_CONF (a CPU-only file: conf/cluster/prep-{standalone,yarn,k8s}.conf), else
# LWS_SPARK_CONF, LWS_MASTER... (deploy/lib.sh, lws_submit); by default the loopback cluster of deploy/local-cluster.sh.
# Data-prep uses no GPU: it is always the CPU build, and settings that ask for a GPU are refused (exit 2) rather than
# holding a cluster's GPUs for hours.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[[ -n "${LWS_PREP_SPARK_CONF:-}" ]] && export LWS_SPARK_CONF="$LWS_PREP_SPARK_CONF"
export LWS_VARIANT=cpu LWS_GPUS_PER_EXECUTOR=0 LWS_CPU_ONLY=1

# optimaize language-detector was built against Guava 18; Spark ships Guava 14 on its classpath. userClassPathFirst
# puts the application's Guava first, for the driver and the executors.
lws_submit "lws prep" --conf spark.driver.userClassPathFirst=true --conf spark.executor.userClassPathFirst=true \
  --conf spark.sql.parquet.compression.codec=zstd -- prep "$@"
