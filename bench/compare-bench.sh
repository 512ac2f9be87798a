#!/usr/bin/env bash
# Compare benchmark (issue 8): N rows of the benchmark data's bench_product shape in a PostgreSQL
# source, compared by ctsync's compare capture with a PostgreSQL target that holds 90% of the
# keys (10% of those with a changed row) plus 5% of its own, with -Xmx256m and no presence
# lookup. Prints the wall time, the rows compared per second (source rows + target rows), the
# changes found and the peak heap.
#
#   bench/compare-bench.sh [N=1000000]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
export PGHOST=127.0.0.1 PGUSER=postgres PGPASSWORD=postgres
work=$(mktemp -d /tmp/ctsync-compare-bench.XXXXXX)
trap 'rm -rf "$work"; for db in ctsync_cmp_source ctsync_cmp_target; do command psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"; done' EXIT

scripts/ensure-postgres.sh
[ -f target/ctsync.jar ] || mvn -B -ntp -q package -DskipTests
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
for db in ctsync_cmp_source ctsync_cmp_target; do
  psql -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
done

table="CREATE TABLE bench_product (id bigint PRIMARY KEY, sku text NOT NULL, name text, price numeric(12,2), qty int,
  updated_at timestamptz, active boolean, note text)"
row="g, 'SKU-' || g, 'Product name ' || g, (g % 10000) / 100.0, g % 500, timestamptz '2026-01-01' + g * interval '1 second',
  g % 3 <> 0, CASE WHEN g % 7 = 0 THEN NULL ELSE 'note ' || md5(g::text) END"
echo "bench: loading $n source rows and the target"
psql -d ctsync_cmp_source -c "$table" -c "INSERT INTO bench_product SELECT $row FROM generate_series(1, $n) g" -c "ANALYZE bench_product"
# the target: keys 1..n except every 10th (inserted), every 10th of the rest changed, and n/20 keys of its own (deleted)
psql -d ctsync_cmp_target -c "$table" \
  -c "INSERT INTO bench_product SELECT $row FROM generate_series(1, $n) g WHERE g % 10 <> 0" \
  -c "UPDATE bench_product SET qty = qty + 1 WHERE id % 10 = 5" \
  -c "INSERT INTO bench_product SELECT $(echo "$row" | sed 's/\bg\b/(g + '"$n"')/g') FROM generate_series(1, $n / 20) g" \
  -c "ANALYZE bench_product"
source_rows=$n
target_rows=$(command psql -X -At -d ctsync_cmp_target -c "SELECT COUNT(*) FROM bench_product")

cat > "$work/bench.properties" <<PROPS
ctsync.application=bench
ctsync.source.name=pg
ctsync.destination.name=cmp
ctsync.source.url=jdbc:postgresql://127.0.0.1:5432/ctsync_cmp_source
ctsync.source.username=postgres
ctsync.source.password=postgres
ctsync.target.url=jdbc:postgresql://127.0.0.1:5432/ctsync_cmp_target
ctsync.target.username=postgres
ctsync.target.password=postgres
ctsync.capture=compare
ctsync.export.presence=false
ctsync.state.url=jdbc:h2:file:$work/state
ctsync.gateway.dir=$work/gateway
ctsync.tables=public.bench_product
PROPS

echo "bench: comparing $source_rows source rows with $target_rows target rows (-Xmx256m)"
start=$(date +%s.%N)
java -Xmx256m -Xlog:gc:file="$work/gc.log" -jar target/ctsync.jar --config "$work/bench.properties" --once > "$work/export.log"
seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }')
grep -h "export public.bench_product" "$work/export.log" | sed 's/^/  /'
heap=$(grep -o '[0-9]*M->' "$work/gc.log" | sed 's/M->//' | sort -n | tail -n 1)
printf 'bench: compare n=%s  %.2f s  %s rows compared/s (source + target rows, counting pass and writing pass included)  peak heap %s MB (-Xmx256m)\n' \
  "$n" "$seconds" "$(awk -v r="$((source_rows + target_rows))" -v s="$seconds" 'BEGIN { printf "%d", r / s }')" "${heap:-?}"
