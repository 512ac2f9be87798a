package io.ctsync.state;

import io.ctsync.db.Window;

import java.util.List;

/**
 * What a cycle is about to write, recorded before the first byte: the sequence numbers it owns,
 * each table's window, and the export job it serves (null for a scheduled cycle). After a crash
 * the next cycle finishes exactly this, and the job is done when it commits.
 */
public record Intent(long firstSequence, int parts, Stage stage, List<Window> windows, String jobId) {

    public Intent(long firstSequence, int parts, Stage stage, List<Window> windows) {
        this(firstSequence, parts, stage, windows, null);
    }

    public enum Stage {
        /** Contents are being written; none is published. */
        WRITING,
        /** Every content is complete and durable in staging; publishing may have begun. */
        STAGED
    }

    public long lastSequence() {
        return firstSequence + parts - 1;
    }

    public Intent staged() {
        return new Intent(firstSequence, parts, Stage.STAGED, windows, jobId);
    }
}
