#!/usr/bin/env bash
# Makes sure Azurite's blob service answers on 127.0.0.1:10000 for the tests.
#
#   scripts/ensure-azurite.sh        install the pinned Azurite into .azurite/ with npm if it is
#                                    missing, and start it in the background unless something
#                                    already listens on port 10000
#   scripts/ensure-azurite.sh status succeed when something already listens on port 10000
#   scripts/ensure-azurite.sh stop   stop the Azurite that this script started, and nothing else
#
# Only an Azurite started here is recorded in .azurite/azurite.pid, so "stop" never touches a
# server that was already running (a developer's own Azurite, another engineer's tests).
set -euo pipefail
cd "$(dirname "$0")/.."

readonly VERSION=3.37.0
readonly HOME_DIR=.azurite
readonly PID_FILE=$HOME_DIR/azurite.pid
readonly BIN=$HOME_DIR/node_modules/.bin/azurite-blob

listening() { (exec 3<>/dev/tcp/127.0.0.1/10000) 2>/dev/null; }

started_here() {
  # the pid must still be an azurite-blob process: a stale file may name a reused pid
  [[ -f $PID_FILE ]] && grep -qs azurite-blob "/proc/$(cat "$PID_FILE")/cmdline"
}

if [[ ${1:-} == status ]]; then
  listening
  exit
fi

if [[ ${1:-} == stop ]]; then
  if started_here; then
    kill "$(cat "$PID_FILE")"
    echo "ensure-azurite: stopped Azurite"
  fi
  rm -f "$PID_FILE"
  exit 0
fi

listening && exit 0

installed=$(node -p "require('./$HOME_DIR/node_modules/azurite/package.json').version" 2>/dev/null || true)
if [[ $installed != "$VERSION" ]]; then
  echo "ensure-azurite: installing azurite@$VERSION into $HOME_DIR/"
  mkdir -p "$HOME_DIR"
  npm install --prefix "$HOME_DIR" --no-audit --no-fund --loglevel=error "azurite@$VERSION"
fi

echo "ensure-azurite: starting Azurite $VERSION on 127.0.0.1:10000"
mkdir -p "$HOME_DIR/data"
# --loose and --skipApiVersionCheck: the Azure SDK may speak a newer service version than Azurite
nohup "$BIN" --blobHost 127.0.0.1 --blobPort 10000 --location "$HOME_DIR/data" \
  --skipApiVersionCheck --loose >"$HOME_DIR/azurite.log" 2>&1 &
echo $! >"$PID_FILE"
for _ in $(seq 1 60); do
  listening && exit 0
  sleep 0.5
done
echo "ensure-azurite: Azurite did not start; see $HOME_DIR/azurite.log" >&2
exit 1
