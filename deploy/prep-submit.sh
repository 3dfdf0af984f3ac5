#!/usr/bin/env bash
# Runs `prep` (data-prep) on a Spark cluster with spark-submit: the same code and defaults as `./lws prep`.
#
#   deploy/prep-submit.sh --input 's3a://corpus/enwiki/*.xml.bz2' --input 's3a://corpus/cc/CC-MAIN-2024-22/*.wet.gz' \
#                         --output s3a://corpus/prep/gpt2-1024 [--conf my-prep.conf] [--strict]
#
# Re-running it with the same --output is cheap and safe: inputs already processed (same size and modification time)
# are skipped, new ones are processed incrementally, and a failed run leaves nothing visible (see data-prep's
# Committer). That is what deploy/prep-cron and deploy/prep-airflow-dag.py rely on.
#
# Environment:
#   SPARK_HOME            a Spark 3.5.x (Scala 2.12) distribution            (required)
#   LWS_MASTER            spark-submit --master (default: yarn)
#   LWS_DEPLOY_MODE       client or cluster (default: client, so that the progress lines reach this console/log)
#   LWS_EXECUTORS, LWS_EXECUTOR_CORES, LWS_EXECUTOR_MEMORY, LWS_DRIVER_MEMORY   sizing (defaults: 16, 4, 8g, 4g)
#   LWS_SUBMIT_OPTS       anything else for spark-submit (e.g. --conf spark.hadoop.fs.s3a.endpoint=...)
# The JVM flags come from conf/jvm.properties, the one list the tests and ./lws use too.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
: "${SPARK_HOME:?set SPARK_HOME to a Spark 3.5 (Scala 2.12) distribution}"
dist="$root/data-prep/target/prep-dist"

# Build the data-prep jar and collect the libraries it adds to Spark (Spark, Hadoop and their dependencies are
# the cluster's own). Rebuilt when a source or pom is newer than the last build.
if [[ ! -f "$dist/.stamp" || -n "$(find "$root/pom.xml" "$root/data-format" "$root/data-prep" "$root/conf/prep.conf" -newer "$dist/.stamp" \
      -type f -not -path '*/target/*' -print -quit)" ]]; then
  echo "prep-submit: building data-prep..." >&2
  rm -rf "$dist" && mkdir -p "$dist"
  (cd "$root" && mvn -B -q -DskipTests -pl data-prep -am package \
     dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$dist" \
     -DincludeGroupIds=com.knuddels,org.netpreserve,org.jsoup,com.optimaize.languagedetector,net.arnx,com.google.guava,ai.djl,ai.djl.huggingface,net.java.dev.jna,com.google.code.gson,info.picocli,com.typesafe)
  cp "$root"/data-prep/target/lws-data-prep-*.jar "$root"/data-format/target/lws-data-format-*.jar "$dist/"
  touch "$dist/.stamp"
fi
app_jar="$(ls "$dist"/lws-data-prep-*.jar | head -n 1)"
jars="$(ls "$dist"/*.jar | grep -v lws-data-prep- | paste -sd, -)"

jvm_flags="$(sed -n 's/^lws\.jvm\.flags=//p' "$root/conf/jvm.properties")"
export LWS_GIT_COMMIT="${LWS_GIT_COMMIT:-$(git -C "$root" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)}"

# optimaize language-detector was built against Guava 18; Spark distributions ship Guava 14 on their classpath.
# userClassPathFirst puts our Guava first for the executors' and driver's user code.
# shellcheck disable=SC2086
exec "$SPARK_HOME/bin/spark-submit" \
  --master "${LWS_MASTER:-yarn}" \
  --deploy-mode "${LWS_DEPLOY_MODE:-client}" \
  --name "lws prep" \
  --class org.lwsspark.prep.PrepCommand \
  --num-executors "${LWS_EXECUTORS:-16}" \
  --executor-cores "${LWS_EXECUTOR_CORES:-4}" \
  --executor-memory "${LWS_EXECUTOR_MEMORY:-8g}" \
  --driver-memory "${LWS_DRIVER_MEMORY:-4g}" \
  --conf "spark.driver.extraJavaOptions=$jvm_flags" \
  --conf "spark.executor.extraJavaOptions=$jvm_flags" \
  --conf spark.driver.userClassPathFirst=true \
  --conf spark.executor.userClassPathFirst=true \
  --conf spark.executorEnv.LWS_GIT_COMMIT="$LWS_GIT_COMMIT" \
  --conf spark.ui.showConsoleProgress=false \
  --conf spark.sql.parquet.compression.codec=zstd \
  --jars "$jars" \
  ${LWS_SUBMIT_OPTS:-} \
  "$app_jar" "$@"
