package io.ctsync.importing;

import io.ctsync.values.ColumnType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ctsync.config.ConflictPolicy;
import io.ctsync.db.TargetDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * What every row of a content table must pass before it is written, on either path of the import
 * (multi-row statements or bulk): its columns exist in the target, it holds this pipeline's
 * constant, and it is no conflict that the policy refuses or leaves to the target. Counts the
 * conflicts of the table.
 */
final class RowChecks {

    private static final Logger LOG = LoggerFactory.getLogger(RowChecks.class);

    private final TargetDialect dialect;
    private final TargetScope scope;
    private final LocalChanges localChanges;
    private final ConflictPolicy policy;
    private final ColumnType[] keyTypes;
    private long conflicts;

    RowChecks(TargetDialect dialect, TargetScope scope, LocalChanges localChanges, ConflictPolicy policy) {
        this.dialect = dialect;
        this.scope = scope;
        this.localChanges = localChanges;
        this.policy = policy;
        this.keyTypes = scope.keyTypes();
    }

    TargetTable table() {
        return scope.table();
    }

    long conflicts() {
        return conflicts;
    }

    /** Whether any row can be a conflict that counts: false when none changed locally, or all may have and the source wins silently. */
    boolean conflictsPossible() {
        return localChanges.historyLost() ? policy != ConflictPolicy.SOURCE_WINS : !localChanges.keys().isEmpty();
    }

    /** The target's column of a content column; refuses the content when the target lacks it or cannot take its type. */
    ColumnType column(String name) throws ContentRejectedException {
        ColumnType type = scope.table().columns().get(name);
        if (type == null) {
            throw new ContentRejectedException("the content has a column '" + name + "' that the target table "
                    + scope.table().name() + " does not have");
        }
        String refusal = dialect.types().refusal(type.column());
        if (refusal != null) {
            throw new ContentRejectedException("the content has a column '" + name + "' but its target column in " + scope.table().name()
                    + " is of type " + type.column().typeName() + ": " + refusal + "; leave it out at the export with ctsync.table."
                    + "<schema>.<table>.exclude-columns=" + name);
        }
        return type;
    }

    void checkConstant(ObjectNode row) throws ContentRejectedException {
        if (scope.scoped()) {
            checkConstant(row.path(scope.constantColumn()).asText(null));
        }
    }

    /** Refuses a row whose constant column holds {@code value} (null when absent) unless it is this pipeline's constant. */
    void checkConstant(String value) throws ContentRejectedException {
        if (scope.scoped() && !scope.constantValue().equals(value)) {
            throw new ContentRejectedException("a row of " + scope.table().name() + " has " + scope.constantColumn() + "="
                    + value + " but this pipeline's constant is " + scope.constantValue());
        }
    }

    Key key(ObjectNode row) throws ContentRejectedException {
        return key(i -> row.get(scope.key().get(i)));
    }

    /** The key of a row whose key columns' JSON values {@code value} gives, in the key's order. */
    Key key(IntFunction<JsonNode> value) throws ContentRejectedException {
        Object[] values = new Object[keyTypes.length];
        for (int i = 0; i < keyTypes.length; i++) {
            try {
                values[i] = keyTypes[i].value(value.apply(i));
            } catch (IllegalArgumentException e) {
                throw new ContentRejectedException(scope.table().name() + ": " + e.getMessage());
            }
        }
        return new Key(values);
    }

    /** Whether the row may be written: yes unless it is a conflict that the target wins; a conflict under {@code fail} rejects the content. */
    boolean accept(Key key, String action) throws ContentRejectedException {
        if (!localChanges.contains(key)) {
            return true;
        }
        if (localChanges.historyLost() && policy == ConflictPolicy.SOURCE_WINS) {
            // logged once for the table when the history was read
            return true;
        }
        conflicts++;
        String conflict = "conflict on " + scope.table().name() + " " + describe(key) + ": " + (localChanges.historyLost()
                ? localChanges.lostHistory() : "changed in the target since the last import");
        switch (policy) {
            case SOURCE_WINS -> {
                LOG.warn("{}; the source wins, {} applied", conflict, action);
                return true;
            }
            case TARGET_WINS -> {
                LOG.warn("{}; the target wins, {} skipped", conflict, action);
                return false;
            }
            default -> throw new ContentRejectedException(conflict + " (ctsync.import.conflict=fail)");
        }
    }

    String describe(Key key) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < keyTypes.length; i++) {
            parts.add(scope.key().get(i) + "=" + key.value(i));
        }
        return "key (" + String.join(", ", parts) + ")";
    }
}
