package io.ctsync.importing;

import io.ctsync.dialect.TargetDialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys of a tracked target table that changed locally (under any context but ctsync's) since
 * the last import: writing any of them is a conflict. Read once per table and transaction; the set
 * is as small as the local activity between two imports.
 */
final class LocalChanges {

    static final LocalChanges NONE = new LocalChanges(Set.of());

    private final Set<Key> keys;

    private LocalChanges(Set<Key> keys) {
        this.keys = keys;
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
        return new LocalChanges(keys);
    }

    boolean contains(Key key) {
        return keys.contains(key);
    }

    Collection<Key> keys() {
        return keys;
    }
}
