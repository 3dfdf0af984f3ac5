# Shared by deploy/*.sh (sourced): the application's build, the Spark installation, the JVM flags.
#   lws_app_dir VARIANT        builds (when stale) and prints the application directory of VARIANT (cpu | cuda):
#                              lws-cli-*.jar, the project's other module jars and every library Spark lacks;
#                              Maven gets LWS_MAVEN_OPTS too, as ./lws does
#   lws_spark_home             prints $SPARK_HOME, or the Spark home assembled from Maven jars (.lws/spark-home)
#   lws_spark_submit ARGS...   runs spark-submit of that Spark home
#   lws_app_jars SPARK_HOME APP_DIR   the libraries SPARK_HOME/jars does not already hold (comma-separated), for --jars
#   lws_run_app LWS_ARGS...    runs `lws LWS_ARGS...` in this JVM from the application directory (no Spark submission)
#   lws_merged_conf HOME FILE  prints a temporary file (mode 0600): the site's spark-defaults.conf of the Spark home
#                              HOME (SPARK_CONF_DIR or HOME/conf), then FILE, whose settings win
#   lws_submit NAME [SPARK_SUBMIT_OPTIONS...] -- LWS_ARGS...
#                              submits `lws LWS_ARGS...` as the application NAME, client mode (progress on this console)
#
# LWS_APP_DIR names an application directory built elsewhere (a release: `lws_app_dir cpu` on a build host, copied
# with deploy/ and conf/): it is used as it is, and nothing runs Maven (a scheduler's worker has none).
#
# Where lws_submit submits: LWS_SPARK_CONF, a spark-defaults-style file (conf/cluster/*.conf are the examples: master,
# resources, security), and LWS_MASTER, which overrides its spark.master; with neither, the loopback cluster of
# deploy/local-cluster.sh (its master, its secret, its sizing). LWS_VARIANT=cuda submits the CUDA build with one GPU
# per executor (LWS_GPUS_PER_EXECUTOR; also settable with the CPU build, to exercise GPU scheduling). Sizing, when
# set, overrides the file: LWS_EXECUTORS, LWS_EXECUTOR_CORES (also each task's cores: one worker per executor),
# LWS_EXECUTOR_MEMORY; the driver's heap: LWS_DRIVER_MEMORY (4g). LWS_CPU_ONLY=1 (prep-submit.sh) refuses a submission
# whose settings ask for a GPU.
#
# The site's settings are kept: spark-submit --properties-file F reads F *instead of* SPARK_CONF_DIR/spark-defaults.conf,
# so lws_submit passes a merged file (the site's lines, then the chosen file's: the later line of a key wins in
# java.util.Properties). Not --conf pairs: they would put spark.authenticate.secret on the command line, which every
# user of the host can read (ps).
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jvm_flags="$(sed -n 's/^lws\.jvm\.flags=//p' "$root/conf/jvm.properties")"

lws_app_dir() {
  if [[ -n "${LWS_APP_DIR:-}" ]]; then
    if ! compgen -G "$LWS_APP_DIR/lws-cli-*.jar" > /dev/null || [[ ! -f "$LWS_APP_DIR/.stamp" ]]; then
      echo "deploy: LWS_APP_DIR=$LWS_APP_DIR is not an application directory (lws-cli-*.jar and .stamp, as lws_app_dir builds it)" >&2
      return 1
    fi
    echo "$LWS_APP_DIR"
    return
  fi
  local variant="$1" dir="$root/cli/target/app-$1" profile=""
  [[ "$variant" == cuda ]] && profile="-Pcuda"
  # The stamp holds the Maven options of the build: other LWS_MAVEN_OPTS (e.g. -Dnd4j.cuda.version=..., a rebuilt
  # CUDA library, docs/gpu.md) rebuild the application, as a changed source does.
  local options="$profile ${LWS_MAVEN_OPTS:-}"
  if [[ ! -f "$dir/.stamp" || "$(cat "$dir/.stamp")" != "$options" \
        || -n "$(find "$root/pom.xml" "$root"/*/pom.xml "$root"/*/src "$root/conf" -newer "$dir/.stamp" \
        -type f -not -path '*/target/*' -print -quit 2>/dev/null)" ]]; then
    echo "deploy: building the $variant application (Maven)..." >&2
    rm -rf "$dir" && mkdir -p "$dir"
    # shellcheck disable=SC2086
    if ! (cd "$root" && mvn -B -q $options -DskipTests -pl cli -am package dependency:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$dir") >&2; then
      rm -rf "$dir"
      echo "deploy: the build of the $variant application failed (Maven's output above)" >&2
      return 1
    fi
    cp "$root"/cli/target/lws-cli-*.jar "$dir/"
    if ! find "$dir" -name '*.jar' | "$root/deploy/no-test-libraries.sh"; then
      rm -rf "$dir"
      return 1
    fi
    # The commit travels with a shipped copy (no git where it runs): lws_submit's provenance reads it.
    git -C "$root" rev-parse --short=12 HEAD > "$dir/.commit" 2>/dev/null || rm -f "$dir/.commit"
    echo "$options" > "$dir/.stamp"
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
    if ! mvn -B -q -f "$root/deploy/spark-home/pom.xml" dependency:copy-dependencies -DoutputDirectory="$home/jars" >&2; then
      rm -rf "$home"
      echo "deploy: assembling the Spark home failed (Maven's output above)" >&2
      return 1
    fi
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
    [[ -e "$home/jars/$(basename "$jar")" || "$(basename "$jar")" == lws-cli-* ]] && continue
    out="${out:+$out,}$jar"
  done
  echo "$out"
}

lws_run_app() {
  local app
  app="$(lws_app_dir cpu)" || return 1
  . "$root/conf/cpu-env.sh"
  # shellcheck disable=SC2086
  java $jvm_flags -Xmx"${LWS_HEAP:-8g}" -Dlws.git.commit="$(lws_app_commit "$app")" \
    -Dlws.build.time="$(date -u -r "$app/.stamp" +%Y-%m-%dT%H:%M:%SZ)" -Dlws.root="$root" \
    -Dlog4j2.configurationFile="$root/conf/log4j2.properties" -cp "$app/*" org.lwsspark.cli.Lws "$@"
}

lws_app_commit() {
  if [[ -f "$1/.commit" ]]; then
    cat "$1/.commit"
  else
    git -C "$root" rev-parse --short=12 HEAD 2>/dev/null || echo unknown
  fi
}

lws_merged_conf() {
  local home="$1" file="$2" site dir
  site="${SPARK_CONF_DIR:-$home/conf}/spark-defaults.conf"
  dir="$(mktemp -d "${TMPDIR:-/tmp}/lws-conf.XXXXXX")" || return 1
  (umask 077
   {
     if [[ -f "$site" ]]; then
       echo "# $site (the site's defaults)"
       cat "$site"
       # A blank line ends a last line continued with a backslash.
       printf '\n\n'
     fi
     echo "# $file (overrides the above)"
     cat "$file"
   } > "$dir/spark-defaults.conf")
  echo "$dir/spark-defaults.conf"
}

lws_submit() {
  local name="$1" settings=() extra=() cluster="${LWS_CLUSTER_DIR:-$HOME/.lws/local-cluster}"
  shift
  while [[ $# -gt 0 && "$1" != "--" ]]; do extra+=("$1"); shift; done
  shift
  local conf=""
  if [[ -n "${LWS_SPARK_CONF:-}" || -n "${LWS_MASTER:-}" ]]; then
    conf="${LWS_SPARK_CONF:-}"
    [[ -n "${LWS_MASTER:-}" ]] && settings+=(--master "$LWS_MASTER")
  elif [[ -f "$cluster/spark-defaults.conf" ]] && "$root/deploy/local-cluster.sh" status > /dev/null; then
    conf="$cluster/spark-defaults.conf"
    export SPARK_LOCAL_IP=127.0.0.1
  else
    echo "deploy: set LWS_SPARK_CONF (conf/cluster/*.conf) or LWS_MASTER, or start the loopback cluster: deploy/local-cluster.sh start" >&2
    exit 2
  fi
  local app home merged=""
  home="$(lws_spark_home)" || exit 1
  if [[ -n "$conf" ]]; then
    [[ -r "$conf" ]] || { echo "deploy: cannot read the Spark settings $conf" >&2; exit 2; }
    merged="$(lws_merged_conf "$home" "$conf")" || exit 1
    # shellcheck disable=SC2064
    trap "rm -rf '$(dirname "$merged")'" EXIT
    settings+=(--properties-file "$merged")
  fi
  if [[ -n "${LWS_EXECUTORS:-}" ]]; then
    settings+=(--conf "spark.executor.instances=$LWS_EXECUTORS" --total-executor-cores $((LWS_EXECUTORS * ${LWS_EXECUTOR_CORES:-1})))
  fi
  [[ -n "${LWS_EXECUTOR_CORES:-}" ]] && settings+=(--executor-cores "$LWS_EXECUTOR_CORES" --conf "spark.task.cpus=$LWS_EXECUTOR_CORES")
  [[ -n "${LWS_EXECUTOR_MEMORY:-}" ]] && settings+=(--executor-memory "$LWS_EXECUTOR_MEMORY")
  local variant="${LWS_VARIANT:-cpu}" gpus
  gpus="${LWS_GPUS_PER_EXECUTOR:-$([[ "$variant" == cuda ]] && echo 1 || echo 0)}"
  if [[ "${LWS_CPU_ONLY:-0}" == 1 ]]; then
    local asks
    asks="$([[ -n "$merged" ]] && grep -Eo '^[[:space:]]*spark\.(executor|driver|task)\.resource\.gpu\.amount' "$merged" | head -n 1 || true)"
    if [[ "$gpus" -gt 0 || -n "$asks" ]]; then
      echo "deploy: $name uses no GPU, but its settings ask for one (${asks:+${asks// /} in }${conf:-LWS_GPUS_PER_EXECUTOR}):" \
        "use a CPU-only file (conf/cluster/prep-*.conf)" >&2
      exit 2
    fi
  fi
  if [[ "$gpus" -gt 0 ]]; then
    settings+=(--conf "spark.executor.resource.gpu.amount=$gpus" --conf "spark.task.resource.gpu.amount=$gpus")
  fi
  app="$(lws_app_dir "$variant")" || exit 1
  . "$root/conf/cpu-env.sh"
  # Provenance of the driver (checkpoints, run.json, manifests) and of the executors.
  local commit
  commit="$(lws_app_commit "$app")"
  LWS_GIT_COMMIT="$commit" LWS_BUILD_TIME="$(date -u -r "$app/.stamp" +%Y-%m-%dT%H:%M:%SZ)" lws_spark_submit "${settings[@]}" "${extra[@]}" \
    --deploy-mode client --name "$name" --class org.lwsspark.cli.Lws \
    --conf "spark.executor.extraJavaOptions=$jvm_flags -Dlog4j2.configurationFile=$root/conf/log4j2.properties" \
    --conf "spark.executorEnv.OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-}" \
    --conf spark.executorEnv.OMP_WAIT_POLICY=PASSIVE \
    --conf "spark.executorEnv.MALLOC_MMAP_THRESHOLD_=${MALLOC_MMAP_THRESHOLD_:-}" \
    --conf spark.executorEnv.CUDA_DEVICE_ORDER=PCI_BUS_ID \
    --conf "spark.executorEnv.LWS_GIT_COMMIT=$commit" \
    --conf "spark.executorEnv.LWS_BUILD_TIME=$(date -u -r "$app/.stamp" +%Y-%m-%dT%H:%M:%SZ)" \
    --jars "$(lws_app_jars "$home" "$app")" \
    "$(ls "$app"/lws-cli-*.jar)" "$@"
}
