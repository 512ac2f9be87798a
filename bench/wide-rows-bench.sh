#!/usr/bin/env bash
# Wide rows benchmark (bench/README.md, "Wide rows"): ROWS rows of 5 MB (a 4 MB bytea and a 1 MB
# text, made by PostgreSQL itself; 200 rows are 1 GB) exported by ctsync with -Xmx256m, then
# imported into an empty target, as a user runs it (`java -Xmx256m -jar target/ctsync.jar --once`,
# JVM start included), against psql's `\copy ... TO` and `\copy ... FROM` of the same table in the
# same run. Prints each one's wall time and MB/s (of the values' bytes), ctsync's peak heap (the
# most in use before a collection, from its GC log), and the load average: the figures depend on
# what else runs on the machine.
#
#   bench/wide-rows-bench.sh [ROWS=200]
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-200}
work=$(mktemp -d /tmp/ctsync-wide.XXXXXX)
export PGHOST=127.0.0.1 PGUSER=postgres PGPASSWORD=postgres
trap 'rm -rf "$work"; for db in ctsync_wide_source ctsync_wide_target ctsync_wide_copy; do
  command psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"; done' EXIT

scripts/ensure-postgres.sh
[ -f target/ctsync.jar ] || mvn -B -ntp -q package -DskipTests

since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
rate() { awk -v mb="$1" -v s="$2" 'BEGIN { printf "%.0f", mb / s }'; }
psql() { command psql -X -q -v ON_ERROR_STOP=1 "$@"; }
for db in ctsync_wide_source ctsync_wide_target ctsync_wide_copy; do
  psql -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
  psql -d "$db" -c "CREATE TABLE doc (id int PRIMARY KEY, body bytea, note text)"
done
echo "wide-rows-bench: making $rows rows of 5 MB"
psql -d ctsync_wide_source -c "INSERT INTO doc SELECT g, decode(repeat(lpad(to_hex(g % 256), 2, '0') || 'ab01ff', 1048576), 'hex'),
  repeat(md5(g::text), 1048576 / 32) FROM generate_series(1, $rows) g" -c "ANALYZE doc"
mb=$(psql -At -d ctsync_wide_source -c "SELECT round(sum(octet_length(body) + octet_length(note)) / 1048576.0) FROM doc")

cat > "$work/wide.properties" <<PROPS
ctsync.application=wide
ctsync.source.name=pg
ctsync.destination.name=pgt
ctsync.source.url=jdbc:postgresql://127.0.0.1:5432/ctsync_wide_source
ctsync.source.username=postgres
ctsync.source.password=postgres
ctsync.target.url=jdbc:postgresql://127.0.0.1:5432/ctsync_wide_target
ctsync.target.username=postgres
ctsync.target.password=postgres
ctsync.state.url=jdbc:h2:file:$work/state
ctsync.gateway.dir=$work/gateway
ctsync.tables=public.doc
PROPS
cp "$work/wide.properties" "$work/import.properties"
printf 'ctsync.export.enabled=false\nctsync.import.enabled=true\n' >> "$work/import.properties"
# $1 names the run (its GC log and its log), $2 the configuration, the rest are ctsync's options
ctsync() { java -Xmx256m -Xlog:gc:file="$work/gc-$1.log" -jar target/ctsync.jar --config "$work/$2.properties" "${@:3}" > "$work/$1.log" 2>&1 \
  || { cat "$work/$1.log"; exit 1; }; }
peak() { grep -o '[0-9]*M->[0-9]*M(' "$work/gc-$1.log" | cut -dM -f1 | sort -n | tail -1; }
ctsync tracking wide --enable-tracking

echo "wide-rows-bench: $mb MB in $rows rows; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
psql -d ctsync_wide_source -c "\copy doc TO '$work/doc.copy'"
copy_out=$(since "$start")
start=$(date +%s.%N)
psql -d ctsync_wide_copy -c "\copy doc FROM '$work/doc.copy'"
copy_in=$(since "$start")
rm -f "$work/doc.copy"

start=$(date +%s.%N)
ctsync export wide --once
export_s=$(since "$start")
start=$(date +%s.%N)
ctsync import import --once
import_s=$(since "$start")
same=$(for db in ctsync_wide_source ctsync_wide_target; do
  psql -At -d "$db" -c "SELECT md5(string_agg(md5(body) || md5(note), ',' ORDER BY id)) FROM doc"; done | uniq | wc -l)
[ "$same" = 1 ] || { echo "wide-rows-bench: the target differs from the source" >&2; exit 1; }

printf '%-28s %8s %8s %10s\n' "" seconds "MB/s" "peak heap"
printf '%-28s %8s %8s %10s\n' "psql \\copy out" "$copy_out" "$(rate "$mb" "$copy_out")" ""
printf '%-28s %8s %8s %10s\n' "ctsync export (-Xmx256m)" "$export_s" "$(rate "$mb" "$export_s")" "$(peak export) MB"
printf '%-28s %8s %8s %10s\n' "psql \\copy in" "$copy_in" "$(rate "$mb" "$copy_in")" ""
printf '%-28s %8s %8s %10s\n' "ctsync import (-Xmx256m)" "$import_s" "$(rate "$mb" "$import_s")" "$(peak import) MB"
echo "wide-rows-bench: target equal to source by md5; load average after: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
