package io.ctsync.config;

import java.util.regex.Pattern;

/** Validation of every name that ends up in SQL or in a content's file name. */
public final class Names {

    /** Application, source and destination names: they become part of file names. */
    private static final Pattern CONTENT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*");

    /**
     * SQL identifiers: letters of any script with their combining marks, digits, underscore,
     * space, dash, square brackets and double quotes (written in the configuration as a quoted
     * name, see {@link TableName}). Every dialect quotes every identifier and doubles its own
     * closing quote inside it ({@code "} on PostgreSQL and H2, {@code ]} on SQL Server), so these
     * are names and never SQL; this is a second line of defence against control characters and
     * quote tricks, not the only one. Left out on purpose: {@code .} and {@code /}, which separate
     * schema from table in the configuration and in a content's entry names; {@code #}, which
     * makes a SQL Server table name a temporary table's even when quoted; single quotes, {@code ;} and
     * the rest, which no name has needed.
     */
    private static final Pattern IDENTIFIER = Pattern.compile("[\\p{L}\\p{M}\\p{N}_ \\-\\[\\]\"]{1,128}");

    private Names() {
    }

    public static String contentName(String key, String value) {
        if (value == null || !CONTENT_NAME.matcher(value).matches()) {
            throw new ConfigException(key, "'" + value + "' is not a valid name",
                    "use letters, digits and '-', starting with a letter or digit");
        }
        return value;
    }

    public static String identifier(String key, String value) {
        if (value == null || !IDENTIFIER.matcher(value).matches() || !value.equals(value.strip())) {
            throw new ConfigException(key, "'" + value + "' is not a valid SQL identifier",
                    "use letters, digits, '_', '-', '[', ']', '\"' or inner spaces, at most 128 characters");
        }
        return value;
    }
}
