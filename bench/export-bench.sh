#!/usr/bin/env bash
# Export benchmark (bench/README.md, "Export speed"): N changes made through ctsync's own tracking on
# PostgreSQL in the shape of the benchmark data, ../shared/bench/bench-data.sql (60% inserts, 30% updates, 10%
# deletes; the target holds half the keys), exported by ctsync with -Xmx256m, against the floor
# (../shared/bench/floor.sh) on the same data in the same run. Prints both wall times, their
# ratio (ctsync / floor) and ctsync's peak heap; each is the median of RUNS runs. ctsync runs as a
# user runs it: `java -Xmx256m -jar target/ctsync.jar --config ... --once`, and, beside it, the
# documented command (docs/operations.md, "Command line") with the class-data archive the build made (-XX:SharedArchiveFile=target/ctsync.jsa);
# the cycle's own time (its log line) is printed too.
#
#   bench/export-bench.sh [N=1000000] [RUNS=3] [PARTS=all|core]
#   (BENCH_PROPERTIES="key=value" adds configuration lines, e.g. ctsync.export.fetch-size=20000;
#   BENCH_DB prefixes the three databases' names, default ctsync_bench; BENCH_JAVA_OPTIONS go to ctsync's JVM,
#   e.g. -Dctsync.log.level=DEBUG, whose lines stay in BENCH_LOG when that names a file)
# Last, it times a presence lookup of 20,000 keys one query per key against batches of 200.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
runs=${2:-3}
parts=${3:-all}
shared=${BENCH_SHARED:-../shared}
work=$(mktemp -d /tmp/ctsync-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
export PGHOST=127.0.0.1 PGUSER=postgres PGPASSWORD=postgres
db=${BENCH_DB:-ctsync_bench}

scripts/ensure-postgres.sh
[ -f target/ctsync.jar ] && [ -f target/ctsync.jsa ] || mvn -B -ntp -q package -DskipTests

since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }'; }
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
for name in "${db}_floor" "${db}_source" "${db}_target"; do
  psql -d postgres -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" -c "CREATE DATABASE $name"
done

echo "bench: loading the floor's data (n=$n)"
psql -d ${db}_floor -v n="$n" -f "$shared/bench/bench-data.sql"

cat > "$work/bench.properties" <<PROPS
ctsync.application=bench
ctsync.source.name=pg
ctsync.destination.name=floor
ctsync.source.url=jdbc:postgresql://127.0.0.1:5432/${db}_source
ctsync.source.username=postgres
ctsync.source.password=postgres
ctsync.target.url=jdbc:postgresql://127.0.0.1:5432/${db}_target
ctsync.target.username=postgres
ctsync.target.password=postgres
ctsync.export.presence=$([ "$parts" = all ] && echo true || echo false)
ctsync.state.url=jdbc:h2:file:$work/state
ctsync.gateway.dir=$work/gateway
ctsync.tables=public.bench_product
${BENCH_PROPERTIES:-}
PROPS
# the GC log gives the peak heap; cds is empty (the plain command) or the build's class archive (docs/operations.md, "Command line")
ctsync() { java -Xmx256m -Xlog:gc:file="$work/gc.log" ${BENCH_JAVA_OPTIONS:-} "${cds[@]}" -jar target/ctsync.jar --config "$work/bench.properties" "$@"; }
cds=()

echo "bench: the source before the changes: the keys that will be updated or deleted"
psql -d ${db}_source -c "CREATE TABLE bench_product (id bigint PRIMARY KEY, sku text NOT NULL, name text,
  price numeric(12,2), qty int, updated_at timestamptz, active boolean, note text)" \
  -c "INSERT INTO bench_product SELECT g, 'SKU-' || g, 'old name', 0, 0, timestamptz '2000-01-01', false, 'old'
      FROM generate_series(1, $n) g WHERE g % 10 >= 6"
psql -d ${db}_target -c "CREATE TABLE bench_product (id bigint PRIMARY KEY, sku text NOT NULL, name text,
  price numeric(12,2), qty int, updated_at timestamptz, active boolean, note text)"
psql -d ${db}_target -c "INSERT INTO bench_product SELECT g, 'SKU-' || g, 'Product name ' || g, (g % 10000) / 100.0,
  g % 500, timestamptz '2026-01-01' + g * interval '1 second', g % 3 <> 0,
  CASE WHEN g % 7 = 0 THEN NULL ELSE 'note ' || md5(g::text) END FROM generate_series(1, $n) g WHERE g % 2 = 0 AND g % 10 <> 9" \
  -c "ANALYZE bench_product"
ctsync --enable-tracking > /dev/null
ctsync --once > /dev/null   # first run: the full content, which sets the baseline version
cp "$work/state.mv.db" "$work/baseline.mv.db"

echo "bench: making the $n changes through ctsync's tracking triggers"
start=$(date +%s.%N)
psql -d ${db}_source \
  -c "INSERT INTO bench_product SELECT g, 'SKU-' || g, 'Product name ' || g, (g % 10000) / 100.0, g % 500,
      timestamptz '2026-01-01' + g * interval '1 second', g % 3 <> 0,
      CASE WHEN g % 7 = 0 THEN NULL ELSE 'note ' || md5(g::text) END FROM generate_series(1, $n) g WHERE g % 10 < 6" \
  -c "UPDATE bench_product SET name = 'Product name ' || id, price = (id % 10000) / 100.0, qty = id % 500,
      updated_at = timestamptz '2026-01-01' + id * interval '1 second', active = id % 3 <> 0,
      note = CASE WHEN id % 7 = 0 THEN NULL ELSE 'note ' || md5(id::text) END WHERE id % 10 BETWEEN 6 AND 8" \
  -c "DELETE FROM bench_product WHERE id % 10 = 9" -c "ANALYZE bench_product"
echo "bench: changes made in $(since "$start") s"

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
floor_times=(); plain_times=(); archived_times=(); cycle_times=(); heaps=()
# one export from the baseline state; prints its wall time
export_once() {
  rm -rf "$work/gateway"
  cp "$work/baseline.mv.db" "$work/state.mv.db"
  local start
  start=$(date +%s.%N)
  ctsync --once > "$work/export.log"
  [ -z "${BENCH_LOG:-}" ] || cat "$work/export.log" >> "$BENCH_LOG"
  since "$start"
}
for run in $(seq 1 "$runs"); do
  echo "bench: run $run, load $(uptime | sed 's/.*load average: //')"
  start=$(date +%s.%N)
  bash "$shared/bench/floor.sh" ${db}_floor "$work/floor" "$parts"
  floor_times+=("$(since "$start")")
  rm -rf "$work/floor"
  cds=(-XX:SharedArchiveFile=target/ctsync.jsa)
  archived_times+=("$(export_once)")
  cds=()
  plain_times+=("$(export_once)")
  heaps+=("$(grep -o '[0-9]*M->' "$work/gc.log" | sed 's/M->//' | sort -n | tail -n 1)")
  cycle_times+=("$(grep -o ' in [0-9.]* s' "$work/export.log" | tail -n 1 | tr -dc '0-9.')")
  grep -h "export public.bench_product" "$work/export.log" | sed 's/^/  /'
  echo "bench: run $run: floor ${floor_times[-1]} s, ctsync ${plain_times[-1]} s (cycle ${cycle_times[-1]} s)," \
    "with the class archive ${archived_times[-1]} s, peak heap ${heaps[-1]:-?} MB"
done
floor=$(printf '%s\n' "${floor_times[@]}" | median)
plain=$(printf '%s\n' "${plain_times[@]}" | median)
archived=$(printf '%s\n' "${archived_times[@]}" | median)
cycle=$(printf '%s\n' "${cycle_times[@]}" | median)
heap=$(printf '%s\n' "${heaps[@]}" | median)
zip=$(ls -l "$work"/gateway/*.zip | awk '{s += $5} END {print s}')
printf 'bench: n=%s parts=%s runs=%s  floor %.2f s  ctsync %.2f s: ratio %s  with the class archive %.2f s: ratio %s  cycle %.2f s: ratio %s  peak heap %s MB (-Xmx256m)  zip bytes %s  load %s\n' \
  "$n" "$parts" "$runs" "$floor" "$plain" "$(ratio "$plain" "$floor")" "$archived" "$(ratio "$archived" "$floor")" \
  "$cycle" "$(ratio "$cycle" "$floor")" "$heap" "$zip" "$(uptime | sed 's/.*load average: //')"

# what batching buys: the same lookup, one query per key against batches, on 20,000 keys of the target
mvn -B -ntp -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.ctsync.bench.PresenceBench \
  jdbc:postgresql://127.0.0.1:5432/${db}_target 20000 200 2>/dev/null | grep '^presence:'
