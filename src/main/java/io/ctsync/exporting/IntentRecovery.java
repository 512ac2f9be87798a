package io.ctsync.exporting;

import io.ctsync.config.ConfigException;
import io.ctsync.config.TableName;
import io.ctsync.db.TableInfo;
import io.ctsync.db.Window;
import io.ctsync.gateway.Gateway;
import io.ctsync.packaging.ContentName;
import io.ctsync.packaging.ContentReader;
import io.ctsync.packaging.ContentSeries;
import io.ctsync.packaging.CorruptContentException;
import io.ctsync.state.Intent;
import io.ctsync.state.Pipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * After a crash, the next cycle finishes the intent the state recorded, exactly: it publishes
 * what was fully staged, or writes the unpublished sequence numbers again from the same windows.
 * No sequence number is skipped or reused for other rows.
 */
public final class IntentRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(IntentRecovery.class);

    private final ExportedTables tables;
    private final Gateway gateway;

    public IntentRecovery(ExportedTables tables, Gateway gateway) {
        this.tables = tables;
        this.gateway = gateway;
    }

    void resume(ExportCycle cycle, Intent intent, Map<TableName, TableInfo> described) throws Exception {
        cycle.intent = intent;
        cycle.resumed = true;
        int published = 0;
        while (published < intent.parts() && gateway.isPublished(name(cycle.pipeline, intent.firstSequence() + published))) {
            published++;
        }
        LOG.warn("export {}: finishing the unfinished cycle of sequence {}..{} ({} of {} published)",
                cycle.pipeline, intent.firstSequence(), intent.lastSequence(), published, intent.parts());
        cycle.publishOnly = published == intent.parts()
                || (intent.stage() == Intent.Stage.STAGED && stagedFromDisk(cycle, intent, published));
        if (cycle.publishOnly) {
            intent.windows().forEach(w -> cycle.tables.add(new TableChanges(tables.mapping(w.table()), described.get(w.table()), w, 0, 0, 0)));
            return;
        }
        cycle.firstSequence = intent.firstSequence() + published;
        cycle.firstPart = published + 1;
        cycle.capture.beginSnapshot(tables.readTrackingVersions());
        for (Window window : intent.windows()) {
            TableInfo table = described.get(window.table());
            if (table == null) {
                throw new ConfigException("ctsync.tables", "the unfinished cycle " + intent.firstSequence() + " includes "
                        + window.table() + ", which is no longer configured", "add it back until the cycle has completed");
            }
            cycle.tables.add(tables.counted(cycle.capture, table, window));
        }
    }

    /** Whether every unpublished part is staged and intact; if so the cycle takes them as they are. */
    private boolean stagedFromDisk(ExportCycle cycle, Intent intent, int published) throws Exception {
        List<ContentSeries.Staged> staged = new ArrayList<>();
        for (int part = published; part < intent.parts(); part++) {
            ContentName name = name(cycle.pipeline, intent.firstSequence() + part);
            Path file = gateway.stagingFile(name);
            if (!Files.isRegularFile(file)) {
                return false;
            }
            try (ContentReader reader = ContentReader.open(file)) {
                reader.verify();
                staged.add(new ContentSeries.Staged(name, file, reader.manifest()));
            } catch (CorruptContentException e) {
                LOG.warn("export {}: staged {} is damaged ({}); writing it again", cycle.pipeline, name, e.getMessage());
                return false;
            }
        }
        cycle.staged.addAll(staged);
        return true;
    }

    private static ContentName name(Pipeline pipeline, long sequence) {
        return new ContentName(pipeline.application(), pipeline.source(), pipeline.destination(), sequence);
    }
}
