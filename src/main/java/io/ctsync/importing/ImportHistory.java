package io.ctsync.importing;

import io.ctsync.gateway.Gateway;
import io.ctsync.packaging.ContentName;
import io.ctsync.state.Pipeline;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the importer has done, for a person: the target's import log newest first, the last
 * imported sequence, how far the gateway is ahead of it (the lag), and the contents that wait
 * failed or blocked behind a gap, each with its reason. Reads only.
 */
public final class ImportHistory {

    /** One row of {@code ctsync_import_log}. */
    public record Entry(long sequence, String status, long inserted, long updated, long deleted, long conflicts,
                        String error, String importedAt) {
    }

    /** The answer of {@code GET /api/imports}. */
    public record Summary(long lastImportedSequence, long lastPublishedSequence, long lag, List<Entry> waiting,
                          List<Entry> log) {
    }

    private final Pipeline pipeline;
    private final DataSource target;
    private final Gateway gateway;

    public ImportHistory(Pipeline pipeline, DataSource target, Gateway gateway) {
        this.pipeline = pipeline;
        this.target = target;
        this.gateway = gateway;
    }

    public Summary summary(int limit) throws SQLException, IOException {
        List<Entry> log = new ArrayList<>();
        Map<Long, Entry> notImported = new LinkedHashMap<>();
        long lastOk = 0;
        try (Connection connection = target.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT sequence, status, inserted, updated, deleted,"
                     + " conflicts, error, imported_at FROM ctsync_import_log WHERE application = ? AND source = ?"
                     + " AND destination = ? ORDER BY sequence DESC")) {
            select.setString(1, pipeline.application());
            select.setString(2, pipeline.source());
            select.setString(3, pipeline.destination());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Timestamp at = rs.getTimestamp(8);
                    Entry entry = new Entry(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), rs.getString(7), at == null ? null : at.toInstant().toString());
                    if (log.size() < limit) {
                        log.add(entry);
                    }
                    if (ImportLog.OK.equals(entry.status())) {
                        lastOk = Math.max(lastOk, entry.sequence());
                    } else {
                        notImported.put(entry.sequence(), entry);
                    }
                }
            }
        }
        long lastPublished = gateway.list(pipeline.application(), pipeline.source(), pipeline.destination()).stream()
                .mapToLong(ContentName::sequence).max().orElse(0);
        long imported = lastOk;
        List<Entry> waiting = notImported.values().stream().filter(e -> e.sequence() > imported)
                .sorted((a, b) -> Long.compare(a.sequence(), b.sequence())).toList();
        return new Summary(lastOk, lastPublished, Math.max(0, lastPublished - lastOk), waiting, log);
    }
}
