package io.ctsync.importing;

import io.ctsync.config.SchemaChangePolicy;
import io.ctsync.config.TableName;
import io.ctsync.db.TargetDialect;
import io.ctsync.packaging.ColumnShape;
import io.ctsync.packaging.Manifest;
import io.ctsync.values.Column;
import io.ctsync.values.PortableType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a content's columns ask of the target table (docs/design.md, "Schema changes at the
 * source"): under {@code ctsync.import.schema-changes=additive} a column the target lacks is
 * added, NULL allowed, of the target's type for the source's ({@link TargetDialect#columnType}),
 * and a column too narrow for the source's values is widened; anything else (a change of type
 * family, a key column to alter, a type the target has no column for) blocks the content, with one
 * line naming the table, the column, the change and the fix. A target column that the source no
 * longer has stays and is no longer written: logged once per table and column for the life of the
 * process. Lives as long as the importer, so that it remembers what each table's last content held.
 */
final class SchemaChanges {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaChanges.class);

    private final SchemaChangePolicy policy;
    private final TargetDialect dialect;
    /** The columns of each content table's last content planned, to tell a column dropped at the source. */
    private final Map<String, Set<String>> lastColumns = new ConcurrentHashMap<>();
    private final Set<String> droppedLogged = ConcurrentHashMap.newKeySet();

    SchemaChanges(SchemaChangePolicy policy, TargetDialect dialect) {
        this.policy = policy;
        this.dialect = dialect;
    }

    /** The statements that make the target table take the content table's rows; empty when it already does. */
    List<String> plan(Manifest.Table table, TargetScope scope) throws SchemaChangeBlockedException {
        if (table.columns() == null) {
            return List.of();
        }
        TargetTable target = scope.table();
        List<String> statements = new ArrayList<>();
        for (ColumnShape source : table.columns()) {
            Column existing = target.columns().containsKey(source.name()) ? target.columns().get(source.name()).column() : null;
            if (existing == null) {
                statements.addAll(add(target.name(), source));
            } else if (!target.shape().generated().contains(source.name())) {
                statements.addAll(widen(target.name(), source, existing, scope.key().contains(source.name())));
            }
        }
        noticeDropped(table, target);
        return statements;
    }

    private List<String> add(TableName target, ColumnShape source) throws SchemaChangeBlockedException {
        String declared = declared(source);
        if (policy == SchemaChangePolicy.BLOCK) {
            throw blocked(target, source.name(), "new at the source (" + declared + ")",
                    "add it to " + target + ", or set ctsync.import.schema-changes=additive");
        }
        String type = portable(source).map(this::targetType).orElse(null);
        if (type == null) {
            throw blocked(target, source.name(), "new at the source, of type " + declared + ", which ctsync maps to no " + dialect.name()
                    + " type", "add the column to " + target + " by hand with a type that takes its values");
        }
        LOG.info("import {}: adding column '{}' {} (new at the source as {})", target, source.name(), type, declared);
        return dialect.addColumn(target, source.name(), type);
    }

    private List<String> widen(TableName target, ColumnShape source, Column existing, boolean keyColumn)
            throws SchemaChangeBlockedException {
        Optional<PortableType> sourceType = portable(source);
        Optional<PortableType> targetType = portable(ColumnShape.of(existing, dialect.types()));
        if (sourceType.isEmpty() || targetType.isEmpty()) {
            // a type outside the families (json, intervals, enums, ...): the database converts the values as before
            return List.of();
        }
        PortableType fitted = sourceType.get().fractionAtMost(dialect.fractionDigits());
        if (targetType.get().holds(fitted)) {
            return List.of();
        }
        String change = "the source has " + declared(source) + ", the target " + declared(ColumnShape.of(existing, dialect.types()));
        if (!targetType.get().sameFamily(fitted)) {
            throw blocked(target, source.name(), change + ": a change of type family",
                    "convert the target column and its rows by hand (ALTER TABLE), then the content is imported");
        }
        if (keyColumn) {
            throw blocked(target, source.name(), change + ": a key column", "widen the key column of " + target + " by hand");
        }
        if (policy == SchemaChangePolicy.BLOCK) {
            throw blocked(target, source.name(), change, "widen it by hand, or set ctsync.import.schema-changes=additive");
        }
        String type = targetType(targetType.get().widenedFor(fitted));
        if (type == null) {
            throw blocked(target, source.name(), change + ", wider than any " + dialect.name() + " type of its family",
                    "leave the column out with exclude-columns, or give the target a type that takes its values");
        }
        LOG.info("import {}: widening column '{}' to {} ({})", target, source.name(), type, change);
        return dialect.widenColumn(target, existing, type);
    }

    private String targetType(PortableType type) {
        return dialect.columnType(type.fractionAtMost(dialect.fractionDigits()));
    }

    /** Logs, once per table and column, a target column that the table's last content had and this one has not. */
    private void noticeDropped(Manifest.Table table, TargetTable target) {
        Set<String> now = Set.copyOf(table.columns().stream().map(ColumnShape::name).toList());
        Set<String> before = lastColumns.put(table.table(), now);
        if (before == null) {
            return;
        }
        for (String column : before) {
            if (!now.contains(column) && target.columns().containsKey(column) && droppedLogged.add(target.name() + "." + column)) {
                LOG.warn("import {}: column '{}' is no longer in the source's {}; the target keeps it and ctsync no longer writes it",
                        target.name(), column, table.table());
            }
        }
    }

    private static Optional<PortableType> portable(ColumnShape column) {
        return PortableType.of(column.type(), column.length(), column.precision(), column.scale());
    }

    /** The type as a person writes it: {@code varchar(20)}, {@code numeric(12,2)}, {@code timestamp(3)}. */
    static String declared(ColumnShape column) {
        if (column.length() != null) {
            return column.type() + "(" + column.length() + ")";
        }
        if (column.precision() != null) {
            return column.type() + "(" + column.precision() + (column.scale() == null ? "" : "," + column.scale()) + ")";
        }
        return column.type();
    }

    private static SchemaChangeBlockedException blocked(TableName target, String column, String change, String fix) {
        return new SchemaChangeBlockedException("schema change of " + target + " column '" + column + "': " + change + " (fix: " + fix + ")");
    }
}
