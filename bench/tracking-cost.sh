#!/usr/bin/env bash
# Tracking cost (docs/design.md, "Capture"; figures in bench/README.md): what ctsync's tracking costs a writing application on
# PostgreSQL. pgbench's TPC-B-like workload (pgbench -i -s SCALE; CLIENTS clients, SECONDS s, RUNS
# runs, alternating) on a database without tracking and on one whose keyed tables
# (pgbench_accounts, pgbench_branches, pgbench_tellers; pgbench_history has no key) carry the
# tracking that `ctsync --enable-tracking` installs. Prints each run's transactions per second,
# the medians and their ratio (tracked / plain).
#
# With `wal` first, a third database is captured from the write-ahead log (ctsync.capture=wal: a
# publication and a replication slot, no trigger), measured twice in each run: the slot alone (what
# the writers pay), and with a ctsync exporter reading the slot every WAL_SCHEDULE (default every
# 10 s), started and caught up before pgbench starts: the decoding is the source's work too (the
# exporter itself runs niced, as on a machine of its own). All alternate in each run; the ratios of
# triggers and of WAL capture to plain are printed side by side.
#
#   bench/tracking-cost.sh [wal] [RUNS=3] [SECONDS=30] [CLIENTS=4] [SCALE=2]
set -euo pipefail
cd "$(dirname "$0")/.."
wal=false
if [ "${1:-}" = wal ]; then wal=true; shift; fi
runs=${1:-3}
seconds=${2:-30}
clients=${3:-4}
scale=${4:-2}
export PGHOST=127.0.0.1 PGUSER=postgres PGPASSWORD=postgres
work=$(mktemp -d /tmp/ctsync-tracking-cost.XXXXXX)
dbs=(ctsync_cost_plain ctsync_cost_tracked)
if $wal; then dbs+=(ctsync_cost_wal); fi
exporter=
# the exporter this script started, by its pid; dropping the database drops its replication slot
cleanup() {
  if [ -n "$exporter" ]; then kill "$exporter" 2> /dev/null || true; wait "$exporter" 2> /dev/null || true; fi
  rm -rf "$work"
  for db in "${dbs[@]}"; do command psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"; done
}
trap cleanup EXIT

scripts/ensure-postgres.sh
[ -f target/ctsync.jar ] || mvn -B -ntp -q package -DskipTests
for db in "${dbs[@]}"; do
  command psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
  pgbench -q -i -s "$scale" "$db" 2> /dev/null
done

cat > "$work/tracking.properties" <<PROPS
ctsync.application=cost
ctsync.source.name=pgbench
ctsync.destination.name=none
ctsync.source.url=jdbc:postgresql://127.0.0.1:5432/ctsync_cost_tracked
ctsync.source.username=postgres
ctsync.source.password=postgres
ctsync.state.url=jdbc:h2:file:$work/state
ctsync.gateway.dir=$work/gateway
ctsync.tables=public.pgbench_accounts,public.pgbench_branches,public.pgbench_tellers
PROPS
java -jar target/ctsync.jar --config "$work/tracking.properties" --enable-tracking
if $wal; then
  sed -e 's/ctsync_cost_tracked/ctsync_cost_wal/' -e "s|$work/state|$work/wal-state|" -e "s|$work/gateway|$work/wal-gateway|" \
    "$work/tracking.properties" > "$work/wal.properties"
  cat >> "$work/wal.properties" <<PROPS
ctsync.capture=wal
ctsync.export.presence=false
ctsync.export.schedule=${WAL_SCHEDULE:-0/10 * * * * ?}
ctsync.cluster.file.root=$work/wal-cluster
camel.server.port=0
camel.management.enabled=false
PROPS
  java -jar target/ctsync.jar --config "$work/wal.properties" --enable-tracking
  # the first load (a backfill) before the runs: the runs measure the deltas
  java -jar target/ctsync.jar --config "$work/wal.properties" --once > "$work/wal-first.log" 2>&1
fi

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
tps() { pgbench -c "$clients" -j 2 -T "$seconds" "$1" 2> /dev/null | awk '/^tps = / {print $3; exit}'; }
# the WAL the slot has still to read, in bytes
lag() { command psql -X -At -d ctsync_cost_wal -c "SELECT pg_current_wal_lsn() - confirmed_flush_lsn FROM pg_replication_slots WHERE database = current_database()"; }
# a run against the wal database with a ctsync exporter reading its slot meanwhile; the exporter runs niced, as if on a
# machine of its own, while the decoding it asks of PostgreSQL is the source's and counts. It first catches up with the WAL
# the other runs wrote (at most a minute), which a deployment, always running, never has to
walTps() {
  nice -n 19 java -jar target/ctsync.jar --config "$work/wal.properties" >> "$work/wal-exporter.log" 2>&1 &
  exporter=$!
  for _ in $(seq 1 60); do sleep 1; [ "$(lag)" -lt 16777216 ] && break; done
  tps ctsync_cost_wal > "$work/tps"
  kill "$exporter"; wait "$exporter" 2> /dev/null || true; exporter=
}
plain=(); tracked=(); slotted=(); captured=()
echo "tracking-cost: pgbench TPC-B-like, scale $scale, $clients clients, $seconds s, $runs runs each, alternating (load: $(cut -d' ' -f1-3 /proc/loadavg))"
for run in $(seq 1 "$runs"); do
  plain+=("$(tps ctsync_cost_plain)")
  tracked+=("$(tps ctsync_cost_tracked)")
  if $wal; then
    slotted+=("$(tps ctsync_cost_wal)")
    walTps
    captured+=("$(cat "$work/tps")")
    echo "tracking-cost: run $run: without tracking ${plain[-1]} tps, with trigger tracking ${tracked[-1]} tps," \
      "with the slot alone ${slotted[-1]} tps, with the slot read by ctsync ${captured[-1]} tps"
  else
    echo "tracking-cost: run $run: without tracking ${plain[-1]} tps, with tracking ${tracked[-1]} tps"
  fi
done
p=$(printf '%s\n' "${plain[@]}" | median)
t=$(printf '%s\n' "${tracked[@]}" | median)
rows=$(command psql -X -At -d ctsync_cost_tracked -c 'SELECT (SELECT COUNT(*) FROM ctsync."public.pgbench_accounts") + (SELECT COUNT(*) FROM ctsync."public.pgbench_tellers") + (SELECT COUNT(*) FROM ctsync."public.pgbench_branches")')
printf 'tracking-cost: without tracking %.0f tps, with tracking %.0f tps, ratio %.2f (tracking rows %s; load %s)\n' \
  "$p" "$t" "$(awk -v a="$t" -v b="$p" 'BEGIN { print a / b }')" "$rows" "$(cut -d' ' -f1-3 /proc/loadavg)"
if $wal; then
  s=$(printf '%s\n' "${slotted[@]}" | median)
  w=$(printf '%s\n' "${captured[@]}" | median)
  contents=$(find "$work/wal-gateway" -name '*.zip' | wc -l)
  ratio() { awk -v a="$1" -v b="$p" 'BEGIN { printf "%.2f", a / b }'; }
  printf 'tracking-cost: WAL capture: slot alone %.0f tps, ratio %s; read by ctsync every %s: %.0f tps, ratio %s; triggers %s (%s contents exported; load %s)\n' \
    "$s" "$(ratio "$s")" "${WAL_SCHEDULE:-0/10 * * * * ?}" "$w" "$(ratio "$w")" "$(ratio "$t")" "$contents" "$(cut -d' ' -f1-3 /proc/loadavg)"
fi
