#!/usr/bin/env bash
# Data-prep as a Spark application (spark-submit, client mode): the same code, options and defaults as ./lws prep.
#
#   deploy/prep-submit.sh --input 's3a://corpus/enwiki/*.xml.bz2' --input 's3a://corpus/cc/CC-MAIN-2024-22/*.wet.gz' \
#                         --out s3a://corpus/prep/gpt2-1024 [--conf my-prep.conf] [--strict]
#
# Re-running it with the same --out is cheap and safe: inputs already processed (same size and modification time)
# are skipped, new ones are processed incrementally, and a failed run leaves nothing visible (see data-prep's
# Committer). That is what deploy/prep-cron and deploy/prep-airflow-dag.py rely on. Where it is submitted, and with
# which resources: LWS_SPARK_CONF, LWS_MASTER... (deploy/lib.sh, lws_submit); by default the loopback cluster of
# deploy/local-cluster.sh.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# optimaize language-detector was built against Guava 18; Spark ships Guava 14 on its classpath. userClassPathFirst
# puts the application's Guava first, for the driver and the executors.
lws_submit "lws prep" --conf spark.driver.userClassPathFirst=true --conf spark.executor.userClassPathFirst=true \
  --conf spark.sql.parquet.compression.codec=zstd -- prep "$@"
