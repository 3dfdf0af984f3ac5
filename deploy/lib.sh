# Shared by deploy/*.sh (sourced): the application's build, the Spark installation, the JVM flags.
#   lws_app_dir VARIANT        builds (when stale) and prints the application directory of VARIANT (cpu | cuda):
#                              lws-spark-jobs-*.jar, the project's other module jars and every library Spark lacks
#   lws_spark_home             prints $SPARK_HOME, or the Spark home assembled from Maven jars (.lws/spark-home)
#   lws_spark_submit ARGS...   runs spark-submit of that Spark home
#   lws_app_jars SPARK_HOME APP_DIR   the libraries SPARK_HOME/jars does not already hold (comma-separated), for --jars
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jvm_flags="$(sed -n 's/^lws\.jvm\.flags=//p' "$root/conf/jvm.properties")"

lws_app_dir() {
  local variant="$1" dir="$root/spark-jobs/target/app-$1" profile=""
  [[ "$variant" == cuda ]] && profile="-Pcuda"
  if [[ ! -f "$dir/.stamp" || -n "$(find "$root/pom.xml" "$root"/*/pom.xml "$root"/*/src "$root/conf" -newer "$dir/.stamp" \
        -type f -not -path '*/target/*' -print -quit 2>/dev/null)" ]]; then
    echo "deploy: building the $variant application (Maven)..." >&2
    rm -rf "$dir" && mkdir -p "$dir"
    (cd "$root" && mvn -B -q $profile -DskipTests -pl spark-jobs -am package dependency:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$dir") >&2
    cp "$root"/spark-jobs/target/lws-spark-jobs-*.jar "$dir/"
    touch "$dir/.stamp"
  fi
  echo "$dir"
}

lws_spark_home() {
  if [[ -n "${SPARK_HOME:-}" ]]; then
    echo "$SPARK_HOME"
    return
  fi
  local home="$root/.lws/spark-home"
  if [[ ! -f "$home/.stamp" || "$root/deploy/spark-home/pom.xml" -nt "$home/.stamp" ]]; then
    echo "deploy: assembling a Spark home from Maven jars in $home..." >&2
    rm -rf "$home" && mkdir -p "$home/jars" "$home/conf"
    mvn -B -q -f "$root/deploy/spark-home/pom.xml" dependency:copy-dependencies -DoutputDirectory="$home/jars" >&2
    touch "$home/.stamp"
  fi
  echo "$home"
}

lws_spark_submit() {
  local home
  home="$(lws_spark_home)"
  if [[ -x "$home/bin/spark-submit" ]]; then
    "$home/bin/spark-submit" "$@"
  else
    # A Spark home assembled from Maven jars has no bin/: run spark-submit's class with the JVM flags it would add.
    # shellcheck disable=SC2086
    SPARK_HOME="$home" SPARK_SCALA_VERSION=2.12 java $jvm_flags -Xmx"${LWS_DRIVER_MEMORY:-4g}" \
      -Dlog4j2.configurationFile="$root/conf/log4j2.properties" \
      -cp "$home/jars/*" org.apache.spark.deploy.SparkSubmit "$@"
  fi
}

lws_app_jars() {
  local home="$1" dir="$2" jar out=""
  for jar in "$dir"/*.jar; do
    [[ -e "$home/jars/$(basename "$jar")" || "$(basename "$jar")" == lws-spark-jobs-* ]] && continue
    out="${out:+$out,}$jar"
  done
  echo "$out"
}
