package io.ctsync.importing;

import io.ctsync.values.ColumnType;
import io.ctsync.db.TargetDialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The keys of a tracked target table that changed locally (under any context but ctsync's) since
 * the last import: writing any of them is a conflict. Read once per table and transaction; the set
 * is as small as the local activity between two imports.
 *
 * <p>The history is valid only from the table's min valid version on: when the version of the last
 * import is below it (retention cleaned the history up, or the table was truncated), which keys
 * changed is unknown, and every key counts as changed ({@link #historyLost()}), never none. The min
 * valid version is read after the changes, as Microsoft advises, so that a cleanup running
 * meanwhile is seen.
 */
final class LocalChanges {

    static final LocalChanges NONE = new LocalChanges(Set.of(), null);

    private final Set<Key> keys;
    private final String lostHistory;

    private LocalChanges(Set<Key> keys, String lostHistory) {
        this.keys = keys;
        this.lostHistory = lostHistory;
    }

    static LocalChanges read(Connection connection, TargetDialect dialect, TargetTable table, List<String> key,
                             long sinceVersion, String context) throws SQLException {
        ColumnType[] types = key.stream().map(table::column).toArray(ColumnType[]::new);
        Set<Key> keys = new HashSet<>();
        try (PreparedStatement select = dialect.changedSince(table.name(), key, sinceVersion, context).prepare(connection);
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                Object[] values = new Object[types.length];
                for (int i = 0; i < types.length; i++) {
                    values[i] = types[i].read(rs, i + 1);
                }
                keys.add(new Key(values));
            }
        }
        OptionalLong minValid = dialect.minValidVersion(connection, table.name());
        if (minValid.isPresent() && sinceVersion < minValid.getAsLong()) {
            return new LocalChanges(Set.of(), "the change history of the target table " + table.name() + " since the last import (version "
                    + sinceVersion + ") was cleaned up (min valid version " + minValid.getAsLong() + "): which rows changed locally is unknown");
        }
        return new LocalChanges(keys, null);
    }

    boolean contains(Key key) {
        return lostHistory != null || keys.contains(key);
    }

    /** Whether the history since the last import is gone, so that every key may have changed locally. */
    boolean historyLost() {
        return lostHistory != null;
    }

    /** Why the local changes are unknown; null when they are known. */
    String lostHistory() {
        return lostHistory;
    }

    Collection<Key> keys() {
        return keys;
    }
}
