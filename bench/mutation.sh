#!/usr/bin/env bash
# Mutation testing of the classes that decide correctness (docs/verification.md, "Mutation testing"): PIT
# mutates content verification (ContentReader, Importer), the full vs delta decision
# (ChangeTrackingCapture), sequence control (SequencePlan), the import's apply order (Importer)
# and the state commit (StateStore), runs the tests that cover them (the "mutation" profile in
# pom.xml lists both), and prints the score. Needs PostgreSQL (scripts/ensure-postgres.sh).
#
#   bench/mutation.sh      the HTML report lands in target/pit-reports/index.html
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-postgres.sh
mvn -B -ntp -q -Pmutation test-compile org.pitest:pitest-maven:mutationCoverage
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
total = killed = 0
for cls, counts in sorted(by_class.items()):
    k = counts['KILLED'] + counts['TIMED_OUT'] + counts['MEMORY_ERROR'] + counts['RUN_ERROR']
    n = sum(counts.values())
    total += n
    killed += k
    print(f"{cls:<24} {k:>4} of {n:>4} killed ({100 * k / n:.0f}%)")
print("not killed:")
print("\n".join(survivors) or "  none")
print(f"mutation score: {killed} of {total} mutants killed = {100 * killed / total:.1f}%")
PY
