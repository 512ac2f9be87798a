#!/usr/bin/env bash
# Mutation testing of the classes that decide correctness (docs/verification.md, "Mutation testing"): PIT
# mutates content verification (ContentReader, Importer), the full vs delta decision
# (ChangeTrackingCapture), sequence control (SequencePlan), the import's apply order (Importer),
# the state commit (StateStore), the write side (TargetWriter, TableWriter, BulkTableWriter,
# RowChecks, ImportLog), the bulk path (PostgresBulkLoad, CopyText), the export row path
# (TableExport, ColumnWriter, ContentSeries), crash recovery (IntentRecovery, CycleOpener), the API
# token (ApiAccess) and the key check (KnownKeys); runs the tests that cover them (the "mutation"
# profile in pom.xml lists both), and prints per class the mutants killed, the TIMED_OUT among
# them, and the total. Needs PostgreSQL (scripts/ensure-postgres.sh).
#
#   bench/mutation.sh      the HTML report lands in target/pit-reports/index.html
#   bench/mutation.sh -Dmutation.classes=io.ctsync.api.ApiAccess -Dmutation.tests=io.ctsync.api.ApiAccessTest -Dmutation.threads=1
#                          a part of the scope, on one thread (Maven options are passed on)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-postgres.sh
mvn -B -ntp -q -Pmutation "$@" test-compile org.pitest:pitest-maven:mutationCoverage
python3 - target/pit-reports/mutations.xml <<'PY'
import collections, sys, xml.etree.ElementTree as ET
mutations = ET.parse(sys.argv[1]).getroot()
by_class = collections.defaultdict(collections.Counter)
survivors = []
for m in mutations:
    cls = m.findtext('mutatedClass').rsplit('.', 1)[-1]
    status = m.get('status')
    by_class[cls][status] += 1
    if status not in ('KILLED', 'TIMED_OUT', 'MEMORY_ERROR', 'RUN_ERROR'):
        survivors.append(f"  {status:<11} {cls}.{m.findtext('mutatedMethod')} line {m.findtext('lineNumber')}: {m.findtext('description')}")
total = killed = timed_out = 0
for cls, counts in sorted(by_class.items()):
    k = counts['KILLED'] + counts['TIMED_OUT'] + counts['MEMORY_ERROR'] + counts['RUN_ERROR']
    n = sum(counts.values())
    total += n
    killed += k
    timed_out += counts['TIMED_OUT']
    print(f"{cls:<24} {k:>4} of {n:>4} killed ({100 * k / n:.0f}%), {counts['TIMED_OUT']} of them TIMED_OUT")
print("not killed:")
print("\n".join(survivors) or "  none")
print(f"mutation score: {killed} of {total} mutants killed = {100 * killed / total:.1f}% ({timed_out} of them TIMED_OUT)")
PY
