#!/usr/bin/env bash
# Tracking cost (docs/design.md, "Capture"; figures in bench/README.md): what ctsync's tracking costs a writing application on
# PostgreSQL. pgbench's TPC-B-like workload (pgbench -i -s SCALE; CLIENTS clients, SECONDS s, RUNS
# runs, alternating) on a database without tracking and on one whose keyed tables
# (pgbench_accounts, pgbench_branches, pgbench_tellers; pgbench_history has no key) carry the
# tracking that `ctsync --enable-tracking` installs. Prints each run's transactions per second,
# the medians and their ratio (tracked / plain).
#
#   bench/tracking-cost.sh [RUNS=3] [SECONDS=30] [CLIENTS=4] [SCALE=2]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
seconds=${2:-30}
clients=${3:-4}
scale=${4:-2}
export PGHOST=127.0.0.1 PGUSER=postgres PGPASSWORD=postgres
work=$(mktemp -d /tmp/ctsync-tracking-cost.XXXXXX)
dbs=(ctsync_cost_plain ctsync_cost_tracked)
trap 'rm -rf "$work"; for db in "${dbs[@]}"; do command psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"; done' EXIT

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

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
tps() { pgbench -c "$clients" -j 2 -T "$seconds" "$1" 2> /dev/null | awk '/^tps = / {print $3; exit}'; }
plain=(); tracked=()
echo "tracking-cost: pgbench TPC-B-like, scale $scale, $clients clients, $seconds s, $runs runs each, alternating (load: $(cut -d' ' -f1-3 /proc/loadavg))"
for run in $(seq 1 "$runs"); do
  plain+=("$(tps ctsync_cost_plain)")
  tracked+=("$(tps ctsync_cost_tracked)")
  echo "tracking-cost: run $run: without tracking ${plain[-1]} tps, with tracking ${tracked[-1]} tps"
done
p=$(printf '%s\n' "${plain[@]}" | median)
t=$(printf '%s\n' "${tracked[@]}" | median)
rows=$(command psql -X -At -d ctsync_cost_tracked -c 'SELECT (SELECT COUNT(*) FROM ctsync."public.pgbench_accounts") + (SELECT COUNT(*) FROM ctsync."public.pgbench_tellers") + (SELECT COUNT(*) FROM ctsync."public.pgbench_branches")')
printf 'tracking-cost: without tracking %.0f tps, with tracking %.0f tps, ratio %.2f (tracking rows %s; load %s)\n' \
  "$p" "$t" "$(awk -v a="$t" -v b="$p" 'BEGIN { print a / b }')" "$rows" "$(cut -d' ' -f1-3 /proc/loadavg)"
