package io.ctsync.importing;

import io.ctsync.db.TargetDialect;

import io.ctsync.config.ConfigException;
import io.ctsync.config.ConflictPolicy;
import io.ctsync.values.Column;
import io.ctsync.db.TargetCheck;
import io.ctsync.config.TableMapping;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The start-up rules of docs/design.md, "Import", checked against the target before anything is
 * imported: every mapped table exists, every key column is there under its own name (keys are
 * never transformed), no carried column is of a type ctsync cannot carry, and the constant column
 * exists and is part of the target's key, the columns that keep deleted rows are there
 * ({@link Deletions#check}); then what the target database itself must allow
 * ({@link TargetDialect#checkImportReady}).
 */
final class TargetRules {

    private TargetRules() {
    }

    static void check(Connection connection, TargetDialect dialect, List<TableMapping> mappings, ConflictPolicy policy) throws SQLException {
        List<TargetCheck> checks = new ArrayList<>();
        for (TableMapping mapping : mappings) {
            TargetTable target = TargetTable.describe(connection, dialect, mapping.target());
            if (!target.exists()) {
                throw new ConfigException(mapping.prefix() + "target", "table " + mapping.target() + " does not exist in the target"
                        + " (names are case-sensitive)", "create it, or map the table with " + mapping.prefix() + "target=schema.table");
            }
            refuseUncarriableColumns(dialect, mapping, target);
            Deletions deletions = Deletions.of(mapping);
            deletions.check(dialect, mapping, target);
            for (String column : mapping.key()) {
                if (!target.columns().containsKey(column)) {
                    throw new ConfigException(mapping.prefix() + "key", "key column '" + column + "' is not in the target table "
                            + target.name(), "key columns are mapped as they are: give " + target.name() + " a column " + column);
                }
            }
            for (String constant : mapping.constants().keySet()) {
                String key = mapping.prefix() + "constant." + constant;
                if (!target.columns().containsKey(constant)) {
                    throw new ConfigException(key, "column '" + constant + "' does not exist in the target table " + target.name(),
                            "add it to " + target.name() + " and to its primary key");
                }
                if (!target.inUniqueKey(constant)) {
                    throw new ConfigException(key, "column '" + constant + "' is not part of the primary key of the target table "
                            + target.name(), "make it part of the key, e.g. PRIMARY KEY (" + constant + ", ...)");
                }
            }
            if (!mapping.key().isEmpty()) {
                List<String> targetKey = new ArrayList<>(mapping.key());
                targetKey.addAll(mapping.constants().keySet());
                targetKey = deletions.targetKey(targetKey);
                if (!target.isUniqueKey(targetKey)) {
                    throw new ConfigException(mapping.prefix() + "key", "(" + String.join(", ", targetKey) + ") is not the primary key"
                            + " or a unique key of the target table " + target.name(), "give " + target.name()
                            + " a primary key or unique index on exactly these columns, so that rows can be upserted");
                }
                checks.add(new TargetCheck(target.shape(), List.copyOf(targetKey)));
            } else {
                checks.add(new TargetCheck(target.shape(), List.of()));
            }
        }
        dialect.checkImportReady(connection, checks, policy != ConflictPolicy.SOURCE_WINS);
    }

    /**
     * A carried column of a type the target's type model refuses (SQL Server's sql_variant, H2's
     * ROW) is refused here, at start-up, rather than with the first content that carries it; the
     * columns the target computes itself take no value and are no concern.
     */
    private static void refuseUncarriableColumns(TargetDialect dialect, TableMapping mapping, TargetTable target) {
        for (Column column : target.shape().columns()) {
            String refusal = dialect.types().refusal(column);
            if (refusal != null && mapping.columns().carries(column.name()) && !target.shape().generated().contains(column.name())) {
                throw new ConfigException(mapping.prefix() + "exclude-columns", "column '" + column.name() + "' of the target table "
                        + target.name() + " is of type " + column.typeName() + ", which ctsync cannot carry: " + refusal,
                        "change it to a typed column, or leave it out with " + mapping.prefix() + "exclude-columns=" + column.name());
            }
        }
    }
}
