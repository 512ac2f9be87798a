package io.ctsync.config;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where a {@code change-table} capture reads a table's changes (docs/design.md, "change-table and compare"): a CDC
 * table or view that another system fills, its change-sequence and operation columns, what each
 * operation code means, and whether consumed rows are deleted. The defaults are OpenEdge's.
 */
public record ChangeTable(TableName table, String sequenceColumn, String operationColumn,
                         Map<Kind, String> codes, boolean deleteConsumed) {

    /** What a row of the change table records. */
    public enum Kind {
        INSERT("insert"), DELETE("delete"), BEFORE_UPDATE("before-update"), AFTER_UPDATE("after-update");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    static final String DEFAULT_CODES = "1:insert,2:delete,3:before-update,4:after-update";

    /** Reads the keys under {@code ctsync.table.<schema>.<table>.}; the change table itself has no default. */
    static ChangeTable read(Settings settings, String prefix) {
        String tableKey = prefix + "change-table";
        TableName table = TableName.parse(tableKey, settings.require(tableKey,
                "name the CDC table or view that holds this table's changes, e.g. " + tableKey + "=pub.CDC_Customer"));
        String sequence = Names.identifier(prefix + "sequence-column", settings.get(prefix + "sequence-column", "_Change-Sequence"));
        String operation = Names.identifier(prefix + "operation-column", settings.get(prefix + "operation-column", "_Operation"));
        Map<Kind, String> codes = codes(prefix + "operation-codes", settings.get(prefix + "operation-codes", DEFAULT_CODES));
        return new ChangeTable(table, sequence, operation, codes, settings.getBoolean(prefix + "delete-consumed", true));
    }

    /** {@code code:kind,...}: every kind but before-update is required, and no code means two things; kept in kind order. */
    static Map<Kind, String> codes(String key, String value) {
        Map<Kind, String> codes = new EnumMap<>(Kind.class);
        Map<String, Kind> seen = new LinkedHashMap<>();
        for (String pair : value.split(",")) {
            String[] parts = pair.strip().split(":", -1);
            Kind kind = parts.length == 2 ? kind(parts[1].strip()) : null;
            String code = parts.length == 2 ? parts[0].strip() : "";
            if (kind == null || code.isEmpty()) {
                throw new ConfigException(key, "'" + pair.strip() + "' is not code:kind",
                        "write pairs like " + DEFAULT_CODES + " (kinds: " + kinds() + ")");
            }
            if (seen.put(code, kind) != null || codes.put(kind, code) != null) {
                throw new ConfigException(key, "code '" + code + "' or kind '" + kind.key() + "' appears twice", "give each kind one code");
            }
        }
        for (Kind required : new Kind[] {Kind.INSERT, Kind.DELETE, Kind.AFTER_UPDATE}) {
            if (!codes.containsKey(required)) {
                throw new ConfigException(key, "has no code for " + required.key(), "add one, e.g. " + DEFAULT_CODES);
            }
        }
        return Collections.unmodifiableMap(codes);
    }

    private static Kind kind(String name) {
        return Arrays.stream(Kind.values()).filter(k -> k.key.equals(name.toLowerCase(Locale.ROOT))).findFirst().orElse(null);
    }

    private static String kinds() {
        return Arrays.stream(Kind.values()).map(Kind::key).collect(Collectors.joining(", "));
    }
}
