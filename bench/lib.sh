# Shared by bench/spark-scaling and bench/cluster-scaling (sourced, from the repository root).
#   bench_build      builds the benchmark module; then java_run CLASS ARGS... runs one of its classes
#   bench_data SEQ   prints the directory of the benchmarks' training data, prepared on first use: the project's
#                    own sources, byte-level, through ./lws prep (filters off: code is neither English prose nor
#                    unique text), rows of SEQ tokens
bench_data() {
  local seq="$1" data=".lws/bench-data/spark-scaling-$1" work
  if [[ ! -f "$data/manifest.json" ]]; then
    work="$(mktemp -d)"
    find model data-prep spark-jobs run-format report cli -name '*.java' -path '*/src/main/*' | sort | /usr/bin/python3 -c '
import json, sys
for path in sys.stdin.read().split():
    print(json.dumps({"text": open(path, encoding="utf-8").read()}))' > "$work/corpus.jsonl"
    printf 'lws.prep { val-fraction = 0.05, progress-seconds = 0, filter { min-chars = 1, language.keep = [], %s } }\n' \
      'quality.enabled = false, dedup { exact = false, near = false }' > "$work/prep.conf"
    ./lws prep --input "$work/corpus.jsonl" --output "$data" --tokenizer bytes --seq-len "$seq" --conf "$work/prep.conf" >&2
    rm -rf "$work"
  fi
  echo "$data"
}

bench_build() {
  mkdir -p .lws bench/results
  echo "building the benchmark module..." >&2
  mvn -B -q -DskipTests package dependency:build-classpath -pl bench -am \
      -Dmdep.outputFile="$PWD/.lws/bench-classpath.txt" -DincludeScope=runtime >&2
  bench_classpath="$PWD/bench/target/classes:$(cat .lws/bench-classpath.txt)"
  bench_flags="$(sed -n 's/^lws\.jvm\.flags=//p' conf/jvm.properties)"
  . conf/cpu-env.sh
  export SPARK_LOCAL_IP=127.0.0.1
}

java_run() {
  # shellcheck disable=SC2086
  java $bench_flags -Xmx8g -Dlog4j2.configurationFile="$PWD/conf/log4j2.properties" -cp "$bench_classpath" "$@"
}
