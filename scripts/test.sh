#!/usr/bin/env bash
# The test command (README): starts what the tests need, then runs every test with Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-postgres.sh
# KubernetesManifestsTest renders k8s/ with kubectl: it fails rather than skips without it
scripts/ensure-kubectl.sh
# an Azurite that was already running is left alone; one started here is stopped on the way out
if ! scripts/ensure-azurite.sh status; then
  trap 'scripts/ensure-azurite.sh stop' EXIT
  scripts/ensure-azurite.sh
fi
mvn -B -ntp verify "$@"
