package io.ctsync.exporting;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The committed cycle's log: one line per table (mode, versions, counts, time, rows/s, the sequence
 * numbers it went to); an idle cycle, one DEBUG line.
 */
final class CycleSummary {

    private static final Logger LOG = LoggerFactory.getLogger(CycleSummary.class);

    private CycleSummary() {
    }

    static void log(ExportCycle cycle) {
        double seconds = (System.nanoTime() - cycle.startedNanos) / 1e9;
        String contents = cycle.intent == null ? "no content"
                : cycle.intent.parts() == 1 ? "sequence " + cycle.intent.firstSequence()
                : "sequences " + cycle.intent.firstSequence() + ".." + cycle.intent.lastSequence();
        if (cycle.intent == null && cycle.tables.stream().noneMatch(t -> t.total() > 0 || t.window.full())) {
            LOG.debug("export {}: idle cycle, {} tables without changes, in {} s", cycle.pipeline, cycle.tables.size(),
                    String.format("%.3f", seconds));
            return;
        }
        if (cycle.publishOnly) {
            LOG.info("export {}: the unfinished cycle's staged contents published in {} s -> {}", cycle.pipeline,
                    String.format("%.3f", seconds), contents);
            return;
        }
        for (TableChanges table : cycle.tables) {
            if (table.window.chunk() != null && !table.inContent()) {
                // its chunk has a line of its own (BackfillProgress); no delta to report
                continue;
            }
            long rows = table.total();
            String presence = table.presence == null ? "" : " existing=" + table.existing + " missing=" + table.missing;
            LOG.info("export {} {} versions {}..{}: inserted={} updated={} deleted={}{} in {} s ({} rows/s) -> {}",
                    table.window.table(), table.window.mode(), table.window.fromVersion() == null ? "-" : table.window.fromVersion(),
                    table.window.toVersion(), table.inserted, table.updated, table.deleted, presence, String.format("%.3f", seconds),
                    seconds > 0 ? Math.round(rows / seconds) : rows, rows > 0 || table.inContent() ? contents : "no content");
        }
    }
}
