package io.ctsync.verify;

import io.ctsync.packaging.Operation;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What {@code --verify} found in one table: its rows on each side, and the keys missing from the
 * target, extra in it, different, and in flight, counted in full and kept up to {@link #SHOWN} of each.
 */
final class TableDifferences {

    static final int SHOWN = 10;

    /** One kind of difference: how many, and the first keys. */
    static final class Kind {
        private final String name;
        private long count;
        private final List<String> keys = new ArrayList<>();

        Kind(String name) {
            this.name = name;
        }

        void add(List<String> keyColumns, Object[] key) {
            count++;
            if (keys.size() < SHOWN) {
                keys.add(describe(keyColumns, key));
            }
        }

        long count() {
            return count;
        }
    }

    private final String table;
    private final List<String> keyColumns;
    final Kind missing = new Kind("missing");
    final Kind extra = new Kind("extra");
    final Kind different = new Kind("different");
    final Kind inFlight = new Kind("in flight");
    private long sourceRows;
    private long targetRows;
    private String note;

    TableDifferences(String table, List<String> keyColumns) {
        this.table = table;
        this.keyColumns = keyColumns;
    }

    /** Counts a key where the two sides differ, as the kind its operation names, unless it is in flight. */
    void add(Operation operation, Object[] key, boolean inFlightKey) {
        Kind kind = inFlightKey ? inFlight : switch (operation) {
            case INSERTED -> missing;
            case DELETED -> extra;
            case UPDATED -> different;
            default -> throw new IllegalArgumentException("a merge finds no " + operation);
        };
        kind.add(keyColumns, key);
    }

    void rows(long source, long target) {
        this.sourceRows = source;
        this.targetRows = target;
    }

    /** Why the in-flight keys are not known, or not all of them; printed under the table. */
    void note(String note) {
        this.note = note;
    }

    boolean equal() {
        return differences() == 0;
    }

    long differences() {
        return missing.count + extra.count + different.count;
    }

    void print(PrintStream out) {
        StringBuilder line = new StringBuilder(table).append(": source ").append(sourceRows).append(" rows, target ")
                .append(targetRows).append(" rows: ");
        if (equal()) {
            line.append("equal");
        } else {
            line.append(missing.count).append(" missing, ").append(extra.count).append(" extra, ").append(different.count)
                    .append(" different");
        }
        if (inFlight.count > 0) {
            line.append(", ").append(inFlight.count).append(" in flight");
        }
        out.println(line);
        for (Kind kind : List.of(missing, extra, different, inFlight)) {
            if (kind.count > 0) {
                out.println("  " + kind.name + ": " + String.join(", ", kind.keys) + (kind.count > kind.keys.size() ? ", ..." : ""));
            }
        }
        if (note != null) {
            out.println("  note: " + note);
        }
    }

    /** {@code id=7}, or {@code (region=4, id=7)} for a composite key. */
    static String describe(List<String> keyColumns, Object[] key) {
        List<String> parts = new ArrayList<>();
        for (int k = 0; k < key.length; k++) {
            Object value = key[k];
            parts.add(keyColumns.get(k) + "=" + (value instanceof byte[] bytes ? "0x" + HexFormat.of().formatHex(bytes) : value));
        }
        return parts.size() == 1 ? parts.get(0) : "(" + String.join(", ", parts) + ")";
    }
}
