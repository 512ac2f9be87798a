package io.ctsync.db.h2;

import io.ctsync.db.Catalog;
import io.ctsync.values.Column;
import io.ctsync.db.installed.TrackingTables;

import io.ctsync.config.TableName;
import org.h2.api.Trigger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** H2's row trigger for ctsync's tracking: records each changed key with a version from the clock (see {@link H2Sql}). */
public final class H2TrackingTrigger implements Trigger {

    private final H2Tracking dialect = new H2Tracking();
    private int[] keyPositions;
    private String update;
    private String updateKeepingCreation;
    private String insert;

    /** What {@link H2Tracking} names a trigger before the table's name (H2 prefixes the copy's trigger with the copy's name). */
    static final java.util.regex.Pattern TRIGGER_PREFIX = java.util.regex.Pattern.compile(".*ctsync_track_(insert|update|delete)_");

    /**
     * {@code tableName} is the table the trigger fires on, whose row arrays it reads the key from;
     * the tracked table is named by the trigger: an ALTER TABLE makes H2 copy the table under a
     * name of its own ({@code items_COPY_6_14}), with the trigger under a name of its own too
     * ({@code items_COPY_6_14_ctsync_track_insert_items}), and rename it, without initialising the
     * trigger again.
     */
    @Override
    public void init(Connection connection, String schemaName, String triggerName, String tableName, boolean before, int type)
            throws SQLException {
        List<Column> sourceColumns = Catalog.columns(connection, new TableName(schemaName, tableName));
        java.util.regex.Matcher prefix = TRIGGER_PREFIX.matcher(triggerName);
        TableName table = new TableName(schemaName, prefix.find() ? triggerName.substring(prefix.end()) : tableName);
        List<String> key = Catalog.columns(connection, new TableName(TrackingTables.SCHEMA, schemaName + "." + table.table())).stream()
                .map(Column::name).filter(name -> !name.startsWith("ctsync_")).toList();
        keyPositions = new int[key.size()];
        for (int i = 0; i < key.size(); i++) {
            String name = key.get(i);
            keyPositions[i] = sourceColumns.stream().map(Column::name).toList().indexOf(name);
        }
        String tracking = TrackingTables.trackingTable(table);
        String where = String.join(" AND ", key.stream().map(k -> dialect.quote(k) + " = ?").toList());
        update = "UPDATE " + tracking + " SET ctsync_version = ?, ctsync_operation = ?, ctsync_context = ?,"
                + " ctsync_changed_at = CURRENT_TIMESTAMP, ctsync_creation_version = ? WHERE " + where;
        updateKeepingCreation = "UPDATE " + tracking + " SET ctsync_version = ?, ctsync_operation = ?, ctsync_context = ?,"
                + " ctsync_changed_at = CURRENT_TIMESTAMP WHERE " + where;
        List<String> marks = new ArrayList<>(key.stream().map(k -> "?").toList());
        insert = "INSERT INTO " + tracking + " (" + dialect.columnList(null, key)
                + ", ctsync_version, ctsync_creation_version, ctsync_operation, ctsync_context, ctsync_changed_at) VALUES ("
                + String.join(", ", marks) + ", ?, ?, ?, ?, CURRENT_TIMESTAMP)";
    }

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        long version = nextVersion(connection);
        String context = context(connection);
        if (oldRow == null) {
            record(connection, key(newRow), version, "I", version, context);
        } else if (newRow == null) {
            record(connection, key(oldRow), version, "D", null, context);
        } else if (Arrays.deepEquals(key(oldRow), key(newRow))) {
            record(connection, key(newRow), version, "U", null, context);
        } else {
            record(connection, key(oldRow), version, "D", null, context);
            record(connection, key(newRow), version, "I", version, context);
        }
    }

    private Object[] key(Object[] row) {
        Object[] key = new Object[keyPositions.length];
        for (int i = 0; i < key.length; i++) {
            key[i] = row[keyPositions[i]];
        }
        return key;
    }

    /** Upserts the key's tracking row; a null creation version keeps the one the key has. */
    private void record(Connection connection, Object[] key, long version, String operation, Long creation, String context)
            throws SQLException {
        boolean setsCreation = creation != null;
        try (PreparedStatement statement = connection.prepareStatement(setsCreation ? update : updateKeepingCreation)) {
            int i = 1;
            statement.setLong(i++, version);
            statement.setString(i++, operation);
            statement.setString(i++, context);
            if (setsCreation) {
                statement.setLong(i++, creation);
            }
            for (Object value : key) {
                statement.setObject(i++, value);
            }
            if (statement.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(insert)) {
            int i = 1;
            for (Object value : key) {
                statement.setObject(i++, value);
            }
            statement.setLong(i++, version);
            statement.setObject(i++, creation);
            statement.setString(i++, operation);
            statement.setString(i, context);
            statement.executeUpdate();
        }
    }

    private static long nextVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE " + H2Sql.CLOCK + " SET version = version + 1 WHERE id = 1");
            try (ResultSet rs = statement.executeQuery("SELECT version FROM " + H2Sql.CLOCK + " WHERE id = 1")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The writer's context: H2's session variable {@code @ctsync_context}, which the importer sets. */
    private static String context(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT CAST(@ctsync_context AS VARCHAR(128))")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
