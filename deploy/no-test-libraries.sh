#!/usr/bin/env bash
# Refuses an application that carries a test library: reads jar paths (one per line, or a classpath with ':') on
# standard input and exits 1 naming each JUnit, lucene-test-framework or ArchUnit jar among them. ./lws runs it on
# its classpath and deploy/lib.sh on the app it builds; Maven's enforcer (pom.xml) keeps these libraries out of every
# module's compile and runtime scope, this checks what a build actually put together.
set -euo pipefail
found="$(tr ':' '\n' | grep -E '(^|/)(junit|junit-jupiter[a-z-]*|junit-platform[a-z-]*|lucene-test-framework|archunit[a-z0-9-]*)-[0-9][^/]*\.jar$' || true)"
if [[ -n "$found" ]]; then
  echo "a test library would ship in the application: $(echo "$found" | xargs -n1 basename | paste -sd ' ')" >&2
  exit 1
fi
