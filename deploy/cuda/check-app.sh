#!/usr/bin/env bash
# The CUDA build, checked without a GPU (docs/gpu.md); runs no GPU code. Builds cli/target/app-cuda as the
# deploy scripts do (deploy/lib.sh: Maven -Pcuda; about 610 MB of jars from Maven Central on first use, 33 s here),
# then checks that:
#   1. it holds ND4J's CUDA backend, and no CPU backend that ND4J could fall back to (and, as every app deploy/lib.sh
#      builds, no test library);
#   2. its libnd4jcuda.so holds the architectures the trainer checks GPUs against (deploy/cuda/fatbin-archs.py
#      against spark-jobs/src/main/resources/org/lwsspark/train/device/nd4j-cuda-release.properties; ~15 s);
#   3. where no NVIDIA driver is installed, a command that needs ND4J stops at start with one line and exit code 3.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=deploy/lib.sh
. "$root/deploy/lib.sh"
fail() {
  echo "check-app: $*" >&2
  exit 1
}

app="$(lws_app_dir cuda)"
shopt -s nullglob
library=("$app"/nd4j-cuda-11.6-[0-9]*-linux-x86_64*.jar) # not nd4j-cuda-11.6-preset-*
cpu=("$app"/nd4j-native-[0-9]*.jar) # not nd4j-native-api, which the CUDA backend uses too
[[ ${#library[@]} == 1 ]] || fail "$app: expected one nd4j-cuda-11.6 native jar, found ${#library[@]}"
[[ ${#cpu[@]} == 0 ]] || fail "$app holds the CPU backend too: ${cpu[*]}"
echo "check-app: $app: $(find "$app" -name '*.jar' | wc -l) jars, $(du -sh "$app" | cut -f1); CUDA library $(basename "${library[0]}")"

release="$root/spark-jobs/src/main/resources/org/lwsspark/train/device/nd4j-cuda-release.properties"
found="$(python3 "$root/deploy/cuda/fatbin-archs.py" "${library[0]}" --properties)"
echo "check-app: ${found#*fatbin=}"
if [[ "$(grep '^library.size=' "$release")" == "$(head -n 1 <<<"$found")" ]]; then
  [[ "$(grep '^fatbin=' "$release")" == "$(tail -n 1 <<<"$found")" ]] \
    || fail "the release library's architectures differ from $release: $found"
else
  echo "check-app: not ND4J's release library (another size): the trainer does not check GPUs against it"
fi

if command -v nvidia-smi > /dev/null || /sbin/ldconfig -p 2> /dev/null | grep -q 'libcuda\.so\.1'; then
  echo "check-app: an NVIDIA driver is installed: the refusal without one is not checked here"
  exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2086
status=0
java $jvm_flags -Xmx1g -Dlog4j2.configurationFile="$root/conf/log4j2.properties" -cp "$app/*" org.lwsspark.cli.Lws \
  init --profile vanilla-12 --size tiny --out "$tmp/ckpt" > "$tmp/out" 2> "$tmp/err" || status=$?
last="$(tail -n 1 "$tmp/err")"
[[ $status == 3 && "$last" == "lws init: the ND4J CUDA backend (a build with -Pcuda) cannot start: "* ]] \
  || fail "without an NVIDIA driver, lws init of the CUDA build should stop with exit code 3, got $status: $last"
echo "check-app: without an NVIDIA driver the CUDA build stops at start (exit code 3): ${last:0:100}..."
