package io.ctsync.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A validated {@code schema.table} name. Quoting for SQL is the dialect's job; this reads the name
 * the way the configuration writes it (docs/configuration.md, "Table names"): each part bare, as stored
 * (exact case), or quoted the way the database's users quote it, {@code "Order Line"} (PostgreSQL,
 * H2; {@code ""} inside is one {@code "}) or {@code [Order Line]} (SQL Server; {@code ]]} inside is
 * one {@code ]}). A bare part ends at the first {@code .} or {@code ,}; a name that starts with a
 * quote or a bracket is written quoted.
 */
public record TableName(String schema, String table) implements Comparable<TableName> {

    public static TableName parse(String key, String qualified) {
        String text = qualified.strip();
        Cursor cursor = new Cursor(key, text, 0);
        TableName name = cursor.name();
        if (name == null || cursor.position != text.length()) {
            throw notQualified(key, text);
        }
        return name;
    }

    /** A comma-separated list of names; commas inside quotes belong to the name. */
    public static List<TableName> parseList(String key, String list) {
        List<TableName> names = new ArrayList<>();
        for (String entry : Cursor.splitOutsideQuotes(list)) {
            if (!entry.isBlank()) {
                names.add(parse(key, entry));
            }
        }
        return names;
    }

    /**
     * A key under {@code ctsync.table.}: the table it names and what follows it ({@code key},
     * {@code constant.region}, ...); null when the text after the prefix is not {@code schema.table.suffix}.
     */
    public static KeyPart parseKey(String key, String afterPrefix) {
        Cursor cursor = new Cursor(key, afterPrefix, 0);
        TableName name = cursor.name();
        if (name == null || !cursor.skip('.') || cursor.position == afterPrefix.length()) {
            return null;
        }
        return new KeyPart(name, afterPrefix.substring(cursor.position));
    }

    /** A table key split: the table, and the rest of the key after its name. */
    public record KeyPart(TableName table, String suffix) {
    }

    private static ConfigException notQualified(String key, String text) {
        return new ConfigException(key, "'" + text + "' is not schema.table",
                "write each table as schema.table, for example public.orders, public.\"Order Line\" or [dbo].[Order Line]");
    }

    @Override
    public String toString() {
        return schema + "." + table;
    }

    @Override
    public int compareTo(TableName other) {
        return toString().compareTo(other.toString());
    }

    /** Reads quoted and bare name parts from left to right. */
    private static final class Cursor {

        private final String key;
        private final String text;
        private int position;

        Cursor(String key, String text, int position) {
            this.key = key;
            this.text = text;
            this.position = position;
        }

        /** {@code schema.table} at the cursor, validated; null when there is no dot between two parts. */
        TableName name() {
            String schema = part();
            if (!skip('.')) {
                return null;
            }
            return new TableName(Names.identifier(key, schema), Names.identifier(key, part()));
        }

        boolean skip(char expected) {
            if (position < text.length() && text.charAt(position) == expected) {
                position++;
                return true;
            }
            return false;
        }

        private String part() {
            if (position < text.length() && text.charAt(position) == '"') {
                return quoted('"');
            }
            if (position < text.length() && text.charAt(position) == '[') {
                return quoted(']');
            }
            int start = position;
            while (position < text.length() && text.charAt(position) != '.' && text.charAt(position) != ',') {
                position++;
            }
            return text.substring(start, position);
        }

        /** The part between the opening quote at the cursor and its closing quote, a doubled closing quote read as one. */
        private String quoted(char close) {
            StringBuilder part = new StringBuilder();
            position++;
            while (position < text.length()) {
                char c = text.charAt(position++);
                if (c != close) {
                    part.append(c);
                } else if (position < text.length() && text.charAt(position) == close) {
                    part.append(close);
                    position++;
                } else {
                    return part.toString();
                }
            }
            throw new ConfigException(key, "'" + text + "' has a quoted name without its closing " + close,
                    "close the name, and double a " + close + " inside it");
        }

        static List<String> splitOutsideQuotes(String list) {
            List<String> entries = new ArrayList<>();
            char close = 0;
            boolean partStart = true;
            int start = 0;
            for (int i = 0; i < list.length(); i++) {
                char c = list.charAt(i);
                if (close != 0) {
                    if (c == close && i + 1 < list.length() && list.charAt(i + 1) == close) {
                        i++;
                    } else if (c == close) {
                        close = 0;
                    }
                } else if (partStart && (c == '"' || c == '[')) {
                    close = c == '"' ? '"' : ']';
                } else if (c == ',') {
                    entries.add(list.substring(start, i));
                    start = i + 1;
                }
                partStart = close == 0 && (c == ',' || c == '.' || (partStart && Character.isWhitespace(c)));
            }
            entries.add(list.substring(start));
            return entries;
        }
    }
}
