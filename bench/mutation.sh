#!/usr/bin/env bash
# Mutation testing of the classes that decide correctness (docs/verification.md, "Mutation testing"): PIT
# mutates content verification (ContentReader, Importer), the full vs delta decision
# (ChangeTrackingCapture), sequence control (SequencePlan), the import's apply order (ApplyOrder,
# RowLevels), the state commit (StateStore), the write side (TargetWriter, TableWriter,
# BulkTableWriter, RowChecks, ImportLog), the bulk path (PostgresBulkLoad, CopyText), the export row
# path (TableExport, ColumnWriter, ContentSeries), crash recovery (IntentRecovery, CycleOpener), the
# API token (ApiAccess) and the key check (KnownKeys).
#
# The scope runs as five groups, each a PIT run of its classes with the tests that cover them: one
# run over everything would run every route test against every mutant it covers, which takes hours
# on 2 cores. Each group's report lands in target/pit-reports/<group>/; the summary reads every
# group's report there, so a group run alone updates its part of the total (a mutant that two
# reports hold, after a class moved between groups, counts as killed when either run killed it). Needs PostgreSQL
# (scripts/ensure-postgres.sh). It prints per class the mutants killed, the TIMED_OUT among them,
# every mutant not killed, and the total.
#
#   bench/mutation.sh                    every group, then the summary
#   bench/mutation.sh write export       those groups, then the summary of every report present
#   bench/mutation.sh --summary          the summary alone
#   MUTATION_THREADS=1 bench/mutation.sh access      on one thread (default 2)
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A classes tests
classes[import]=io.ctsync.packaging.ContentReader*,io.ctsync.importing.SequencePlan,io.ctsync.importing.Importer,io.ctsync.importing.ApplyOrder,io.ctsync.importing.RowLevels
tests[import]=io.ctsync.importing.SequencePlanTest,io.ctsync.importing.ContentVerificationTest,io.ctsync.importing.MultiPartImportTest,io.ctsync.importing.ImportStagesTest,io.ctsync.importing.ApplyOrderTest,io.ctsync.importing.RowLevelsTest,io.ctsync.importing.UnlistedEntryTest,io.ctsync.importing.MultiPartCrashTest
classes[write]=io.ctsync.importing.TargetWriter,io.ctsync.importing.TableWriter,io.ctsync.importing.BulkTableWriter,io.ctsync.importing.RowChecks,io.ctsync.importing.ImportLog,io.ctsync.db.postgresql.PostgresBulkLoad,io.ctsync.values.CopyText
tests[write]=io.ctsync.importing.ImportLogTest,io.ctsync.importing.HistoryTest,io.ctsync.importing.ConstantColumnImportTest,io.ctsync.values.CopyTextTest,io.ctsync.importing.RowBatchTest,io.ctsync.importing.BulkImportTest,io.ctsync.importing.ConflictAndEchoTest,io.ctsync.importing.ImportStagesTest,io.ctsync.importing.ContentVerificationTest
classes[export]=io.ctsync.capture.ChangeTrackingCapture,io.ctsync.packaging.ContentSeries,io.ctsync.exporting.IntentRecovery,io.ctsync.exporting.CycleOpener,io.ctsync.state.StateStore
tests[export]=io.ctsync.capture.FullOrDeltaTest,io.ctsync.exporting.RecoveryGuaranteesTest,io.ctsync.backfill.BackfillTest,io.ctsync.exporting.SideBySideExportTest,io.ctsync.capture.SideBySideReadTest,io.ctsync.exporting.IdleCycleTest,io.ctsync.state.StateStoreTest,io.ctsync.packaging.ContentSeriesTest,io.ctsync.exporting.ColumnTypesTest,io.ctsync.exporting.ExportContractTest,io.ctsync.exporting.CrashRecoveryTest,io.ctsync.importing.MultiPartCrashTest
classes[values]=io.ctsync.exporting.TableExport,io.ctsync.values.ColumnWriter
tests[values]=io.ctsync.exporting.ColumnTypesTest,io.ctsync.types.H2TypeMatrixTest,io.ctsync.exporting.SideBySideExportTest,io.ctsync.exporting.ExportContractTest
classes[access]=io.ctsync.api.ApiAccess,io.ctsync.config.KnownKeys
tests[access]=io.ctsync.api.ApiAccessTest,io.ctsync.config.ConfigKeysTest
all=(import write export values access)

groups=("$@")
if [[ ${#groups[@]} -eq 0 ]]; then
  groups=("${all[@]}")
fi
if [[ "${groups[0]}" != --summary ]]; then
  scripts/ensure-postgres.sh
  mvn -B -ntp -q test-compile
  for group in "${groups[@]}"; do
    [[ -n "${classes[$group]:-}" ]] || { echo "mutation.sh: no group '$group' (groups: ${all[*]})" >&2; exit 2; }
    echo "mutation.sh: group $group"
    mvn -B -ntp -q -Pmutation -DreportsDirectory="target/pit-reports/$group" -Dmutation.classes="${classes[$group]}" \
      -Dmutation.tests="${tests[$group]}" -Dmutation.threads="${MUTATION_THREADS:-2}" org.pitest:pitest-maven:mutationCoverage
  done
fi

shopt -s nullglob
reports=(target/pit-reports/*/mutations.xml)
[[ ${#reports[@]} -gt 0 ]] || { echo "mutation.sh: no report in target/pit-reports/ yet (fix: run a group first, e.g. bench/mutation.sh access)" >&2; exit 2; }
python3 - "${reports[@]}" <<'PY'
import collections, sys, xml.etree.ElementTree as ET
KILLED = ('KILLED', 'TIMED_OUT', 'MEMORY_ERROR', 'RUN_ERROR')
mutants = {}
for report in sys.argv[1:]:
    for m in ET.parse(report).getroot():
        identity = tuple(m.findtext(f) or '' for f in ('mutatedClass', 'mutatedMethod', 'methodDescription', 'lineNumber', 'mutator', 'description')) \
            + tuple(i.text for i in m.iter('index'))
        status = m.get('status')
        if identity not in mutants or (status in KILLED and mutants[identity][0] not in KILLED):
            mutants[identity] = (status, m)
by_class = collections.defaultdict(collections.Counter)
survivors = []
for status, m in mutants.values():
    cls = m.findtext('mutatedClass').rsplit('.', 1)[-1]
    by_class[cls][status] += 1
    if status not in KILLED:
        survivors.append(f"  {status:<11} {cls}.{m.findtext('mutatedMethod')} line {m.findtext('lineNumber')}: {m.findtext('description')}")
total = killed = timed_out = 0
for cls, counts in sorted(by_class.items()):
    k = sum(counts[s] for s in KILLED)
    n = sum(counts.values())
    total += n
    killed += k
    timed_out += counts['TIMED_OUT']
    print(f"{cls:<24} {k:>4} of {n:>4} killed ({100 * k / n:.0f}%), {counts['TIMED_OUT']} of them TIMED_OUT")
print("not killed:")
print("\n".join(sorted(survivors)) or "  none")
print(f"mutation score: {killed} of {total} mutants killed = {100 * killed / total:.1f}% ({timed_out} of them TIMED_OUT)")
PY
