#!/usr/bin/env bash
# The test command (README): starts what the tests need, then runs every test with Maven; CI runs it
# without options. --fast runs only the tests tagged unit and h2, which need no PostgreSQL, Azurite,
# Chromium or kubectl, and starts nothing (the tags: src/test/java/io/ctsync/TestTagsTest.java).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "--fast" ]]; then
  shift
  exec mvn -B -ntp test -Dgroups=unit,h2 "$@"
fi
scripts/ensure-postgres.sh
scripts/ensure-chromium.sh
# KubernetesManifestsTest renders k8s/ with kubectl: it fails rather than skips without it
scripts/ensure-kubectl.sh
# an Azurite that was already running is left alone; one started here is stopped on the way out
if ! scripts/ensure-azurite.sh status; then
  trap 'scripts/ensure-azurite.sh stop' EXIT
  scripts/ensure-azurite.sh
fi
mvn -B -ntp verify "$@"
