package io.ctsync.importing;

import io.ctsync.db.TargetDialect;

import io.ctsync.config.ConfigException;
import io.ctsync.config.ConflictPolicy;
import io.ctsync.values.Column;
import io.ctsync.db.TargetCheck;
import io.ctsync.config.TableMapping;

import java.sql.Connection;
import java.sql.SQLException;
import io.ctsync.db.Catalog;
import io.ctsync.masking.Mask;

import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
            refuseUnfitMasks(connection, mapping, target);
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

    /** The length of a hash's text: 64 hex characters. */
    static final int HASH_LENGTH = 64;
    private static final Set<Integer> TEXT = Set.of(Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR,
            Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB);

    /**
     * A masked column's target must hold what the mask writes (docs/configuration.md, "Masked
     * columns"): a hash is text of 64 characters, a null needs a column that allows NULL.
     */
    private static void refuseUnfitMasks(Connection connection, TableMapping mapping, TargetTable target) throws SQLException {
        if (mapping.masks().columns().isEmpty()) {
            return;
        }
        // JDBC's own metadata: its COLUMN_SIZE is a text column's length in characters on every database
        List<Column> columns = Catalog.columns(connection, target.name());
        Set<String> notNull = Catalog.notNullColumns(connection, target.name());
        for (Map.Entry<String, Mask> masked : mapping.masks().columns().entrySet()) {
            String key = mapping.prefix() + "mask." + masked.getKey();
            Column column = columns.stream().filter(c -> c.name().equals(masked.getKey())).findFirst().orElse(null);
            if (column == null) {
                continue;
            }
            String named = "column '" + column.name() + "' of the target table " + target.name();
            if (masked.getValue() == Mask.NULL && notNull.contains(column.name())) {
                throw new ConfigException(key, named + " is NOT NULL and cannot hold the mask's null",
                        "allow NULL in it, hash it instead, or leave it out with " + mapping.prefix() + "exclude-columns");
            }
            if (masked.getValue() == Mask.HASH && !TEXT.contains(column.jdbcType())) {
                throw new ConfigException(key, named + " is " + column.typeName() + ", not text, and cannot hold a hash",
                        "make it a text column of " + HASH_LENGTH + " characters or more, e.g. varchar(" + HASH_LENGTH + ")");
            }
            if (masked.getValue() == Mask.HASH && column.precision() > 0 && column.precision() < HASH_LENGTH) {
                throw new ConfigException(key, named + " holds " + column.precision() + " characters, too few for a hash's " + HASH_LENGTH,
                        "widen it to " + HASH_LENGTH + " characters or more, e.g. varchar(" + HASH_LENGTH + ")");
            }
        }
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
