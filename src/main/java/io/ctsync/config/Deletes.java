package io.ctsync.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What the target keeps of a key the source deleted (docs/design.md, "Import"):
 * {@code ctsync.table.<schema>.<table>.deletes} and the columns its modes write.
 */
public record Deletes(Mode mode, String deletedColumn, String validFromColumn, String validToColumn) {

    /** The default: the row is removed, as a plain replica does. */
    public static final Deletes HARD = new Deletes(Mode.HARD, "ctsync_deleted_at", "valid_from", "valid_to");

    public enum Mode {
        /** The row is removed. */
        HARD("hard"),
        /** The row stays with its last values; its deleted column holds the deletion time, cleared when the key comes back. */
        SOFT("soft"),
        /** Every version stays, between its valid-from and valid-to times. */
        HISTORY("history");

        private final String key;

        Mode(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        static Mode parse(String configKey, String value) {
            return Arrays.stream(values()).filter(m -> m.key.equals(value)).findFirst()
                    .orElseThrow(() -> new ConfigException(configKey, "unknown delete mode '" + value + "'",
                            "use one of " + Arrays.stream(values()).map(Mode::key).collect(Collectors.joining(", "))));
        }
    }

    /** The column whose NULL marks the one row that stands for a key (history: the open version); null where a key has one row. */
    public String openVersionColumn() {
        return mode == Mode.HISTORY ? validToColumn : null;
    }

    /** The table's settings under {@code prefix} ({@code ctsync.table.<schema>.<table>.}). */
    static Deletes read(Settings settings, String prefix) {
        Mode mode = Mode.parse(prefix + "deletes", settings.get(prefix + "deletes", Mode.HARD.key()));
        return new Deletes(mode, column(settings, prefix + "deleted-column", HARD.deletedColumn),
                column(settings, prefix + "valid-from-column", HARD.validFromColumn), column(settings, prefix + "valid-to-column", HARD.validToColumn));
    }

    private static String column(Settings settings, String key, String defaultName) {
        return Names.identifier(key, settings.get(key, defaultName));
    }
}
