package io.ctsync.verify;

import io.ctsync.config.CaptureMode;
import io.ctsync.config.TableMapping;
import io.ctsync.db.TrackingSurvey;
import io.ctsync.importing.ImportLog;
import io.ctsync.state.Pipeline;
import io.ctsync.state.StateStore;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which changes the target cannot hold yet (docs/operations.md, "Verify"). The target's import log
 * says which sequence it imported last; the exporter's state, which sequence it published last and
 * up to which version and snapshot position it read each table. When the two sequences are the
 * same, the target holds every change up to those versions, and the keys the source's tracking
 * shows changed since then are in flight: the next cycle sends them. When the target is behind,
 * the keys of the contents it has not imported yet cannot be told from differences (the state
 * keeps no version per sequence); they are counted as differences, with a note.
 */
final class InFlight {

    private static final String IMPORT_LOG = "ctsync_import_log";

    private final long imported;
    private final long exported;
    private final Map<String, StateStore.TableVersion> versions;
    private final String unreadableState;

    private InFlight(long imported, long exported, Map<String, StateStore.TableVersion> versions, String unreadableState) {
        this.imported = imported;
        this.exported = exported;
        this.versions = versions;
        this.unreadableState = unreadableState;
    }

    /**
     * Read in the target's consistent read (before its rows), then the state, then the source: each
     * later than the one before.
     */
    static InFlight read(Connection target, StateReader state, Pipeline pipeline) throws SQLException {
        long imported = hasImportLog(target) ? new ImportLog(pipeline).last(target).sequence() : 0;
        Optional<StateStore> store = state.store();
        if (store.isEmpty()) {
            return new InFlight(imported, 0, Map.of(), state.unreadable());
        }
        return new InFlight(imported, store.get().lastSequence(pipeline), store.get().lastVersions(pipeline), null);
    }

    /** Where the in-flight keys of the table start: the version its last exported window read up to; empty when not known. */
    Optional<TrackingSurvey.Since> since(TableMapping mapping) {
        StateStore.TableVersion version = versions.get(mapping.source().toString());
        if (mapping.capture() != CaptureMode.CHANGE_TRACKING || version == null) {
            return Optional.empty();
        }
        return Optional.of(new TrackingSurvey.Since(mapping.source(), version.version(), version.position()));
    }

    /** Why some differences of the table may still be on their way; null when none can be. */
    String note(TableMapping mapping) {
        if (mapping.capture() == CaptureMode.COMPARE) {
            return "captured by compare: its differences are what the next export sends";
        }
        if (mapping.capture() == CaptureMode.CHANGE_TABLE) {
            return "captured from a change table: changes not yet imported count as differences";
        }
        if (mapping.capture() == CaptureMode.WAL) {
            return "captured from the write-ahead log: changes not yet imported count as differences (the replication slot is the export's to read)";
        }
        if (unreadableState != null) {
            return "keys changed since the last import count as differences: the state could not be read: " + unreadableState;
        }
        if (!versions.containsKey(mapping.source().toString())) {
            return "never exported: its first full load is still to come";
        }
        if (imported < exported) {
            return "the target imported up to sequence " + imported + " of " + exported + " published: the keys of the "
                    + (exported - imported) + " contents still to import count as differences until it catches up";
        }
        return null;
    }

    private static boolean hasImportLog(Connection connection) throws SQLException {
        for (String name : List.of(IMPORT_LOG, IMPORT_LOG.toUpperCase(Locale.ROOT))) {
            try (ResultSet tables = connection.getMetaData().getTables(connection.getCatalog(), null, name, null)) {
                if (tables.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
