#!/usr/bin/env bash
# Idle width (bench/README.md, "Idle cycles"): N tracked PostgreSQL tables (default 500) and nothing
# changing. ctsync runs as a long-running process (not --once) exporting every second; after its
# first cycle (full) and first idle cycle, CYCLES idle cycles are watched. Prints the statements
# per idle cycle as the server logged them (log_statement = all for this database alone, every
# statement and transaction command counted) and the idle cycle's duration from ctsync's own
# DEBUG line (median and max).
#
#   bench/idle-bench.sh [N=500] [CYCLES=20]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-500}
cycles=${2:-20}
db=ctsync_idle_bench
export PGHOST=127.0.0.1 PGUSER=postgres PGPASSWORD=postgres
pglog=${BENCH_PG_LOG:-$(ls -t /var/log/postgresql/postgresql-*-main.log | head -n 1)}
work=$(mktemp -d /tmp/ctsync-idle-bench.XXXXXX)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2> /dev/null; wait 2> /dev/null; rm -rf "$work"; command psql -X -q -d postgres -c "DROP DATABASE IF EXISTS '"$db"' WITH (FORCE)"' EXIT

scripts/ensure-postgres.sh
[ -f target/ctsync.jar ] || mvn -B -ntp -q package -DskipTests
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
psql -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
echo "idle-bench: creating $n tables"
psql -d "$db" -c "DO \$\$ BEGIN FOR i IN 1..$n LOOP
  EXECUTE format('CREATE TABLE public.t%s (id int PRIMARY KEY, label text)', i);
  EXECUTE format('INSERT INTO public.t%s VALUES (1, ''one''), (2, ''two'')', i);
END LOOP; END \$\$"

cat > "$work/idle.properties" <<PROPS
ctsync.application=idle
ctsync.source.name=pg
ctsync.destination.name=none
ctsync.source.url=jdbc:postgresql://127.0.0.1:5432/$db?ApplicationName=ctsync-idle-bench
ctsync.source.username=postgres
ctsync.source.password=postgres
ctsync.state.url=jdbc:h2:file:$work/state
ctsync.gateway.dir=$work/gateway
ctsync.export.schedule=* * * * * ?
ctsync.tables=$(seq -s, -f 'public.t%g' 1 "$n")
camel.management.port=$((20000 + RANDOM % 10000))
camel.server.port=$((30000 + RANDOM % 10000))
PROPS
java -jar target/ctsync.jar --config "$work/idle.properties" --enable-tracking > /dev/null
psql -d postgres -c "ALTER DATABASE $db SET log_statement = 'all'"

java -Xmx256m -Dctsync.log.level=DEBUG -jar target/ctsync.jar --config "$work/idle.properties" > "$work/ctsync.log" 2>&1 &
pid=$!
idle() { grep -c 'idle cycle' "$work/ctsync.log" || true; }
wait_idle() { until [ "$(idle)" -ge "$1" ]; do kill -0 "$pid" || { cat "$work/ctsync.log"; exit 1; }; sleep 0.2; done; }
wait_idle 1
start=$(wc -l < "$pglog")
wait_idle $((cycles + 1))
statements=$(tail -n +"$((start + 1))" "$pglog" | grep "@$db " | grep -cE 'LOG:  (statement|execute)' || true)
durations=$(grep 'idle cycle' "$work/ctsync.log" | tail -n "$cycles" | grep -o 'in [0-9.]* s' | tr -dc '0-9.\n')
median=$(echo "$durations" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
max=$(echo "$durations" | sort -g | tail -n 1)
# the statements a cycle sends, as the server logged them: the last idle cycle's, one per line
tail -n +"$((start + 1))" "$pglog" | grep "@$db " | grep -E 'LOG:  (statement|execute)' | tail -n "$((statements / cycles))" \
  | sed -E 's/.*LOG:  //' | cut -c1-140 | sed 's/^/  /'
printf 'idle-bench: %s tables, %s idle cycles: %s statements per idle cycle (server log), cycle %s s median, %s s max (load %s)\n' \
  "$n" "$cycles" "$(awk -v s="$statements" -v c="$cycles" 'BEGIN { printf "%.1f", s / c }')" "$median" "$max" "$(cut -d' ' -f1-3 /proc/loadavg)"
