#!/usr/bin/env bash
# camel-zipfile against ctsync's streaming writer (docs/design.md, "Packages"): the same N change rows of the
# export benchmark's bench_product shape packed into one ZIP by packaging/ContentSeries, and by
# camel-zipfile's ZipAggregationStrategy with one exchange per entry (each entry's rows held and
# marshalled whole) and with one exchange per row (stopped after LIMIT seconds). Each variant runs
# in a JVM of its own with -Xmx256m; prints the median wall time and live heap of RUNS runs (no
# database needed). Live heap is the most the GC log shows still in use after a collection: what
# the variant holds, unlike the heap before a collection, which grows with the garbage it makes.
#
#   bench/zipfile-bench.sh [N] [RUNS] [LIMIT]      (default 100000 rows, 3 runs, 60 s)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
runs=${2:-3}
limit=${3:-60}

mvn -B -ntp -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

for variant in streaming per-entry per-row; do
  times=(); heaps=(); line=
  variant_runs=$runs
  [ "$variant" = per-row ] && variant_runs=1   # it runs into its time limit; once is enough
  for run in $(seq 1 "$variant_runs"); do
    rm -rf "$work/zip" "$work/gc.log"
    line=$(java -Xmx256m -Xlog:gc:file="$work/gc.log" -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
      io.ctsync.bench.ZipfileBench "$variant" "$n" "$work/zip" "$limit" 2>/dev/null | grep '^zipfile-bench:')
    times+=("$(sed 's/.*seconds=\([0-9.]*\).*/\1/' <<< "$line")")
    heaps+=("$(grep -o 'M->[0-9]*M' "$work/gc.log" | tr -dc '0-9\n' | sort -n | tail -n 1)")
    echo "  run $run: $line, live heap ${heaps[-1]:-?} MB"
  done
  printf 'zipfile-bench: %-9s %s rows  median %.2f s  live heap %s MB  (%s of %s runs; %s)\n' "$variant" \
    "$(sed 's/.*rows=\([0-9]*\).*/\1/' <<< "$line")" "$(printf '%s\n' "${times[@]}" | median)" \
    "$(printf '%s\n' "${heaps[@]}" | median)" "median" "$variant_runs" "$(sed 's/.*bytes=\([0-9]*\).*/\1 bytes of zip/' <<< "$line")"
done
