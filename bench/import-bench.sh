#!/usr/bin/env bash
# Import benchmark: ctsync's import of N changes (60% inserts, 30% updates, 10% deletes, target
# holding half the keys; the benchmark data is ../shared/bench/bench-data.sql) into PostgreSQL, printed in rows per
# second beside PostgreSQL's own COPY FROM of the same inserted and updated rows, and beside its own
# INSERT ... SELECT ... ON CONFLICT of them (the upsert floor of the server).
#
#   bench/import-bench.sh [N] [half|new-inserts|changed]
#     N: default 1000000. half (default): the target holds half the keys, inserted ones too, with the content's
#     values; new-inserts: it lacks the inserted keys; changed: the rows it holds have other values (each one
#     is really updated).
#   BENCH_DB names the database (default ctsync_import_bench); BENCH_JAVA_OPTIONS go to the benchmark's JVM
#   (-Dctsync.log.level=DEBUG prints each bulk step's times; -Dctsync.import.stage-rows=0 and other ctsync.import.* keys
#   configure the import, so that one build can be timed with a setting and without).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
target_keys=${2:-half}
db=${BENCH_DB:-ctsync_import_bench}
data=${BENCH_DATA:-../shared/bench/bench-data.sql}
export PGPASSWORD=${PGPASSWORD:-postgres}
psql=(psql -X -q -h 127.0.0.1 -U postgres)

scripts/ensure-postgres.sh
"${psql[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
echo "import-bench: preparing $n changes"
"${psql[@]}" -d "$db" -v n="$n" -f "$data"

mvn -B -ntp -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
work=$(mktemp -d)
trap 'rm -rf "$work"; "${psql[@]}" -d postgres -c "DROP DATABASE IF EXISTS '"$db"' WITH (FORCE)"' EXIT
java -Xmx256m ${BENCH_JAVA_OPTIONS:-} -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.ctsync.bench.ImportBench \
  "jdbc:postgresql://127.0.0.1:5432/$db${BENCH_URL_OPTIONS:-}" postgres "$PGPASSWORD" "$work" "$target_keys"
