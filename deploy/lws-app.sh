#!/usr/bin/env bash
# ./lws without Maven: runs a subcommand in this JVM (no Spark submission) from the application directory, LWS_APP_DIR
# (a release: deploy/, conf/ and the directory lws_app_dir builds, copied to a host without Maven or sources) or, in a
# checkout, cli/target/app-cpu (built when stale, as deploy/lib.sh does). LWS_HEAP: the JVM heap (8g).
#
#   LWS_APP_DIR=/opt/lws-spark/app-cpu deploy/lws-app.sh prep --dry-run --json --input '...' --out ...
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
lws_run_app "$@"
