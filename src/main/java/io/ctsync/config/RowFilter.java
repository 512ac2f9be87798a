package io.ctsync.config;

/**
 * {@code ctsync.table.<schema>.<table>.filter}: the operator's SQL boolean over the table's own
 * columns, run by the source with the source login's rights (docs/configuration.md, "Row filters").
 * One expression: a {@code ;} or a comment could end it early or hide the rest of a statement, so
 * either is refused, even inside a string literal. The source compiles it at start-up.
 */
public record RowFilter(String key, String text) {

    public static RowFilter read(Settings settings, String key) {
        String text = settings.get(key);
        if (text == null || text.isBlank()) {
            return null;
        }
        if (text.contains(";") || text.contains("--") || text.contains("/*")) {
            throw new ConfigException(key, "holds ';' or a comment ('--', '/*')",
                    "write one boolean expression over the table's columns, e.g. region = 'north' AND active = 1");
        }
        return new RowFilter(key, text.strip());
    }

    /** The filter in parentheses, so that an OR in it cannot escape the condition it is ANDed to. */
    public String condition() {
        return "(" + text + ")";
    }
}
