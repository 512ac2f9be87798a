#!/usr/bin/env bash
# Memory of many pipelines (bench/README.md, "Many pipelines' memory"): N idle pipelines (default 20), each one
# tracked PostgreSQL table exported every 5 s with nothing changing, run as one process holding
# them all and as N processes of one pipeline each (started BATCH at a time, default 5, so that the
# machine is not starved; each is measured alone). Every process runs with the same JVM options
# and is measured once its first content is published and IDLE seconds (default 15) of idle cycles
# have passed: its resident set (VmRSS). Prints both figures and their ratio.
#
#   bench/pipelines-memory.sh [N=20] [BATCH=5] [IDLE=15]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20}
batch=${2:-5}
idle=${3:-15}
db=ctsync_pipelines_memory_bench
jvm=(-Xmx256m)
export PGHOST=127.0.0.1 PGUSER=postgres PGPASSWORD=postgres
work=$(mktemp -d /tmp/ctsync-pipelines-memory.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2> /dev/null; done; wait 2> /dev/null; rm -rf "$work";
      command psql -X -q -d postgres -c "DROP DATABASE IF EXISTS '"$db"' WITH (FORCE)"' EXIT

scripts/ensure-postgres.sh
[ -f target/ctsync.jar ] || mvn -B -ntp -q package -DskipTests -DskipClassArchive=true
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
psql -d "$db" -c "DO \$\$ BEGIN FOR i IN 1..$n LOOP
  EXECUTE format('CREATE TABLE public.t%s (id int PRIMARY KEY, label text)', i);
  EXECUTE format('INSERT INTO public.t%s VALUES (1, ''one''), (2, ''two'')', i);
END LOOP; END \$\$"

# the keys every pipeline shares; HTTP ports 0: the system picks free ones
shared() {
  cat <<PROPS
ctsync.application=mem
ctsync.source.name=pg
ctsync.source.url=jdbc:postgresql://127.0.0.1:5432/$db
ctsync.source.username=postgres
ctsync.source.password=postgres
ctsync.export.presence=false
ctsync.export.schedule=0/5 * * * * ?
ctsync.cluster.file.root=$work/cluster
camel.management.port=0
camel.server.port=0
PROPS
}
{
  shared
  echo "ctsync.state.url=jdbc:h2:file:$work/one/state"
  echo "ctsync.gateway.dir=$work/one/gateway"
  for i in $(seq 1 "$n"); do
    echo "ctsync.pipelines.p$i.destination.name=d$i"
    echo "ctsync.pipelines.p$i.tables=public.t$i"
  done
} > "$work/one.properties"
for i in $(seq 1 "$n"); do
  { shared; echo "ctsync.state.url=jdbc:h2:file:$work/p$i/state"; echo "ctsync.gateway.dir=$work/p$i/gateway"
    echo "ctsync.destination.name=d$i"; echo "ctsync.tables=public.t$i"; } > "$work/p$i.properties"
done
java -jar target/ctsync.jar --config "$work/one.properties" --enable-tracking > /dev/null

# starts a process on a configuration, its pid in $started_pid; measure() awaits its first contents
start() {
  java "${jvm[@]}" -jar target/ctsync.jar --config "$work/$1.properties" > "$work/$1.log" 2>&1 &
  started_pid=$!
  pids+=("$started_pid")
}
# waits for the process's first WANT contents, lets it idle, prints its VmRSS in kB and stops it
measure() {
  local pid=$1 name=$2 want=$3
  until [ "$(ls "$work/$name/gateway" 2> /dev/null | grep -c '\.zip$')" -ge "$want" ]; do
    kill -0 "$pid" 2> /dev/null || { echo "pipelines-memory: $name exited:" >&2; tail -n 20 "$work/$name.log" >&2; exit 1; }
    sleep 0.5
  done
  sleep "$idle"
  awk '/^VmRSS/ { print $2 }' "/proc/$pid/status"
  kill "$pid"
  wait "$pid" 2> /dev/null || true
}

start one
one_kb=$(measure "$started_pid" one "$n")
many_kb=0
for first in $(seq 1 "$batch" "$n"); do
  started=()
  for i in $(seq "$first" $((first + batch - 1))); do
    if [ "$i" -le "$n" ]; then
      start "p$i"
      started+=("$started_pid:p$i")
    fi
  done
  for entry in "${started[@]}"; do
    many_kb=$((many_kb + $(measure "${entry%%:*}" "${entry#*:}" 1)))
  done
done
printf 'pipelines-memory: %s idle pipelines: one process %d MB, %s processes %d MB: %.1f times less memory in one process (JVM %s, load %s)\n' \
  "$n" $((one_kb / 1024)) "$n" $((many_kb / 1024)) "$(awk -v a="$many_kb" -v b="$one_kb" 'BEGIN { print a / b }')" "${jvm[*]}" \
  "$(cut -d' ' -f1-3 /proc/loadavg)"
