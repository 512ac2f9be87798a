package io.ctsync.exporting;

import io.ctsync.capture.CaptureCycle;
import io.ctsync.dialect.SqlDialect;
import io.ctsync.dialect.Window;
import io.ctsync.packaging.ContentSeries;
import io.ctsync.presence.PresenceLookup;
import io.ctsync.state.Intent;
import io.ctsync.state.PipelineLock;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/** The state of one export cycle as it moves through the stages of the route; the body of every export exchange. */
public final class ExportCycle {

    final long startedNanos = System.nanoTime();
    PipelineLock lock;
    Connection source;
    SqlDialect dialect;
    /** The source database's identity as this cycle read it; null for a resumed cycle, which keeps the recorded one. */
    String sourceIdentity;
    CaptureCycle capture;
    /** The intent this cycle carries out: resumed after a crash, or planned by this cycle. */
    Intent intent;
    boolean resumed;
    /** A resumed cycle whose contents are all staged: only publishing is left. */
    boolean publishOnly;
    long firstSequence;
    int firstPart = 1;
    final List<TableChanges> tables = new ArrayList<>();
    PresenceLookup presence;
    final List<ContentSeries.Staged> staged = new ArrayList<>();

    /** Whether this cycle writes contents; false when nothing changed. */
    public boolean hasContent() {
        return intent != null;
    }

    List<Window> windows() {
        return tables.stream().map(t -> t.window).toList();
    }

    long totalRows() {
        return tables.stream().mapToLong(TableChanges::total).sum();
    }
}
