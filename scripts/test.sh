#!/usr/bin/env bash
# The test command (README): starts what the tests need, then runs every test with Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-postgres.sh
trap 'scripts/ensure-azurite.sh stop' EXIT
scripts/ensure-azurite.sh
mvn -B -ntp verify "$@"
