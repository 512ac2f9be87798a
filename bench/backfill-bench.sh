#!/usr/bin/env bash
# Backfill benchmark (docs/design.md, "Backfills"): the full load of an N-row PostgreSQL table through
# ctsync as a user runs it, `java -Xmx256m -jar target/ctsync.jar --config FILE --once`, in chunks
# of CHUNK rows, against the same load in one chunk (chunk-rows and max-rows-per-file above N: one
# source snapshot, one content and one target transaction, as a full load was before backfills),
# and against PostgreSQL's own `\copy` out of the source and into an empty table. Each ctsync load
# runs twice: export alone, then export and import into an empty target. Prints seconds, rows/s,
# the ratios and ctsync's peak heap (from the GC log), and the machine's load. The table is loaded,
# vacuumed and checkpointed first, so that the first timed load (the chunked export) does not pay
# for the bulk insert's own writes (its dirty pages and WAL flushed by the checkpointer meanwhile).
#
#   bench/backfill-bench.sh [N] [CHUNK]      (default 3000000 100000)
#
#   BENCH_DB names its two databases, BENCH_DB_source and BENCH_DB_target (default ctsync_backfill);
#   BENCH_JAR is the jar it runs (default target/ctsync.jar; another build's, copied aside, for an A/B);
#   BENCH_JAVA_OPTIONS go to ctsync's JVM (e.g. -Dctsync.log.level=DEBUG); BENCH_LOGS, a directory,
#   keeps each load's log there.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-3000000}
chunk=${2:-100000}
db=${BENCH_DB:-ctsync_backfill}
jar=${BENCH_JAR:-target/ctsync.jar}
work=$(mktemp -d /tmp/ctsync-backfill-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
export PGHOST=127.0.0.1 PGUSER=postgres PGPASSWORD=postgres

scripts/ensure-postgres.sh
[ -f "$jar" ] || mvn -B -ntp -q package -DskipTests

psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }'; }
rate() { awk -v n="$n" -v s="$1" 'BEGIN { printf "%.0f", n / s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
table="CREATE TABLE public.bench_item (id bigint PRIMARY KEY, sku text NOT NULL, name text, price numeric(12,2), qty int,
  updated_at timestamptz, active boolean, note text)"
for d in "${db}_source" "${db}_target"; do
  psql -d postgres -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" -c "CREATE DATABASE $d"
  psql -d "$d" -c "$table"
done
echo "backfill-bench: loading $n rows"
psql -d "${db}"_source -c "INSERT INTO bench_item SELECT g, 'SKU-' || g, 'Product name ' || g, (g % 10000) / 100.0, g % 500,
  timestamptz '2026-01-01' + g * interval '1 second', g % 3 <> 0, CASE WHEN g % 7 = 0 THEN NULL ELSE 'note ' || md5(g::text) END
  FROM generate_series(1, $n) g" -c "VACUUM ANALYZE bench_item" -c "CHECKPOINT"

# one load: a fresh state, gateway and empty target; $1 the chunk rows, $2 whether the import runs
load() {
  rm -rf "$work/state"* "$work/gateway" "$work/gc.log"
  psql -d "${db}"_target -c "TRUNCATE bench_item" -c "DROP TABLE IF EXISTS ctsync_import_log"
  cat > "$work/bench.properties" <<PROPS
ctsync.application=bench
ctsync.source.name=pg
ctsync.destination.name=dwh
ctsync.source.url=jdbc:postgresql://127.0.0.1:5432/${db}_source
ctsync.source.username=postgres
ctsync.source.password=postgres
ctsync.target.url=jdbc:postgresql://127.0.0.1:5432/${db}_target
ctsync.target.username=postgres
ctsync.target.password=postgres
ctsync.import.enabled=$2
ctsync.state.url=jdbc:h2:file:$work/state
ctsync.gateway.dir=$work/gateway
ctsync.tables=public.bench_item
ctsync.export.chunk-rows=$1
ctsync.export.max-rows-per-file=$(( $1 > 1000000 ? $1 : 1000000 ))
PROPS
  java -Xmx256m -jar "$jar" --config "$work/bench.properties" --enable-tracking > /dev/null
  local start; start=$(date +%s.%N)
  java -Xmx256m -Xlog:gc:file="$work/gc.log" ${BENCH_JAVA_OPTIONS:-} -jar "$jar" --config "$work/bench.properties" --once > "$work/once.log" 2>&1
  seconds=$(since "$start")
  [ -z "${BENCH_LOGS:-}" ] || cp "$work/once.log" "$BENCH_LOGS/chunk-$1-import-$2.log"
  heap=$(grep -o '[0-9]*M->' "$work/gc.log" | sed 's/M->//' | sort -n | tail -n 1)
  contents=$(ls "$work/gateway"/*.zip | wc -l)
  if [ "$2" = true ]; then
    rows=$(psql -At -d "${db}"_target -c "SELECT COUNT(*) FROM bench_item")
    [ "$rows" = "$n" ] || { echo "backfill-bench: the target holds $rows rows, not $n" >&2; exit 1; }
    biggest=$(grep -o 'imported [^:]*: [0-9]* inserted' "$work/once.log" | awk '{print $3}' | sort -n | tail -n 1)
  else
    biggest=-
  fi
  echo "backfill-bench: chunk-rows=$1 import=$2: $seconds s, $(rate "$seconds") rows/s, $contents contents, biggest import $biggest rows, peak heap ${heap:-?} MB, load $(uptime | sed 's/.*load average: //')"
}

load "$chunk" false; chunked_export=$seconds; chunked_export_heap=$heap
load $(( n + 1 )) false; single_export=$seconds; single_export_heap=$heap
load "$chunk" true; chunked_load=$seconds; chunked_load_heap=$heap
load $(( n + 1 )) true; single_load=$seconds; single_load_heap=$heap

start=$(date +%s.%N)
psql -d "${db}"_source -c "\\copy bench_item TO '$work/items.copy'"
copy_out=$(since "$start")
psql -d "${db}"_target -c "TRUNCATE bench_item"
start=$(date +%s.%N)
psql -d "${db}"_target -c "\\copy bench_item FROM '$work/items.copy'"
copy_in=$(since "$start")

for d in "${db}_source" "${db}_target"; do psql -d postgres -c "DROP DATABASE IF EXISTS $d WITH (FORCE)"; done
printf 'backfill-bench: n=%s chunk-rows=%s\n' "$n" "$chunk"
printf '  export:           chunks %s s (%s rows/s, peak heap %s MB), one chunk %s s (%s rows/s, peak heap %s MB): chunks/one-chunk speed %s; \\copy out %s s (%s rows/s): chunks/copy speed %s\n' \
  "$chunked_export" "$(rate "$chunked_export")" "$chunked_export_heap" "$single_export" "$(rate "$single_export")" "$single_export_heap" \
  "$(ratio "$single_export" "$chunked_export")" "$copy_out" "$(rate "$copy_out")" "$(ratio "$copy_out" "$chunked_export")"
printf '  export + import:  chunks %s s (%s rows/s, peak heap %s MB), one chunk %s s (%s rows/s, peak heap %s MB): chunks/one-chunk speed %s; \\copy out + in %s s (%s rows/s): chunks/copy speed %s\n' \
  "$chunked_load" "$(rate "$chunked_load")" "$chunked_load_heap" "$single_load" "$(rate "$single_load")" "$single_load_heap" \
  "$(ratio "$single_load" "$chunked_load")" "$(awk -v a="$copy_out" -v b="$copy_in" 'BEGIN { printf "%.2f", a + b }')" \
  "$(rate "$(awk -v a="$copy_out" -v b="$copy_in" 'BEGIN { print a + b }')")" "$(ratio "$(awk -v a="$copy_out" -v b="$copy_in" 'BEGIN { print a + b }')" "$chunked_load")"
