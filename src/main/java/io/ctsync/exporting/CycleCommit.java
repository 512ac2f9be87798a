package io.ctsync.exporting;

import io.ctsync.db.Backfill;
import io.ctsync.monitoring.Metrics;
import io.ctsync.packaging.ContentSeries;
import io.ctsync.state.StateStore;

import java.util.LinkedHashMap;
import java.util.Map;

/** Stage "commit": advances the state past the published contents (or just the versions, when nothing changed), then reports the cycle. */
public final class CycleCommit {

    private final StateStore state;
    private final Metrics metrics;

    public CycleCommit(StateStore state, Metrics metrics) {
        this.state = state;
        this.metrics = metrics;
    }

    public ExportCycle commit(ExportCycle cycle) throws Exception {
        Map<Long, Long> rowsBySequence = new LinkedHashMap<>();
        for (ContentSeries.Staged content : cycle.staged) {
            rowsBySequence.put(content.name().sequence(), content.manifest().tables().stream()
                    .mapToLong(t -> t.counts().inserted() + t.counts().updated() + t.counts().deleted()).sum());
        }
        state.commit(cycle.lock, cycle.intent, cycle.windows(), rowsBySequence, cycle.sourceIdentity, cycle.filters(), cycle.columnNames());
        if (cycle.capture != null) {
            cycle.capture.committed();
            Long retained = cycle.capture.walRetainedBytes();
            if (retained != null) {
                metrics.walRetained(retained);
            }
        }
        cycle.staged.forEach(content -> metrics.exported(content.manifest()));
        for (TableChanges table : cycle.backfilling()) {
            Backfill after = table.window.backfillAfter();
            metrics.backfillLeft(table.window.table().toString(), after == null ? 0 : Math.max(0, after.rowsEstimated() - after.rowsSent()));
        }
        metrics.exportedUpTo(cycle.intent == null ? cycle.lock.lastSequence() : cycle.intent.lastSequence());
        CycleSummary.log(cycle);
        return cycle;
    }
}
