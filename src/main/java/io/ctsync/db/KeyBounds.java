package io.ctsync.db;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.ctsync.values.Column;
import io.ctsync.values.ColumnType;
import io.ctsync.values.ColumnWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The SQL of a backfill's key ranges in one database (docs/design.md, "Backfills"):
 * keys above a bound and keys at or below one, compared in ctsync's key order through the
 * dialect's {@link Dialect#keyOrder}, as row values where the database has them and in the
 * expanded form {@code a > ? OR (a = ? AND b > ?)} where it has not. Bounds are bound as
 * parameters, each as its column's type binds it.
 */
public final class KeyBounds {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private final Dialect dialect;
    private final List<Column> key;
    private final List<ColumnType> types;

    /** {@code key}: the key columns, in key order, as this database describes them. */
    public KeyBounds(Dialect dialect, List<Column> key) {
        this.dialect = dialect;
        this.key = List.copyOf(key);
        this.types = key.stream().map(c -> ColumnType.of(c, dialect.types())).toList();
    }

    /** Whether this database orders every key column as ctsync does, so that key ranges mean the same on both sides. */
    public boolean ordered() {
        return key.stream().allMatch(dialect::ordersKeys);
    }

    /** The key columns in key order, for an ORDER BY. */
    public String orderBy(String alias) {
        return key.stream().map(c -> column(alias, c)).collect(Collectors.joining(", "));
    }

    /**
     * The condition that a key lies in {@code range} (an open end adds nothing), its parameters
     * appended to {@code parameters}; null when the range is whole.
     */
    public String condition(KeyRange range, String alias, List<Object> parameters) {
        List<String> parts = new ArrayList<>();
        if (range.from() != null) {
            parts.add(compare(range.from(), true, alias, parameters));
        }
        if (range.to() != null) {
            parts.add(compare(range.to(), false, alias, parameters));
        }
        return parts.isEmpty() ? null : String.join(" AND ", parts);
    }

    /** {@code key > bound} ({@code above}), else {@code key <= bound}. */
    private String compare(JsonNode bound, boolean above, String alias, List<Object> parameters) {
        List<String> columns = key.stream().map(c -> column(alias, c)).toList();
        List<String> values = key.stream().map(c -> dialect.keyOrder(dialect.parameter(c), c)).toList();
        List<Object> boundValues = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            JsonNode value = bound.get(key.get(i).name());
            if (value == null || value.isNull()) {
                throw new IllegalArgumentException("the key bound " + bound + " lacks key column " + key.get(i).name());
            }
            boundValues.add(new Query.Typed(types.get(i), types.get(i).value(value)));
        }
        String operator = above ? ">" : "<=";
        if (key.size() == 1 || dialect.rowValues()) {
            parameters.addAll(boundValues);
            return key.size() == 1 ? columns.get(0) + " " + operator + " " + values.get(0)
                    : "(" + String.join(", ", columns) + ") " + operator + " (" + String.join(", ", values) + ")";
        }
        // a > ? OR (a = ? AND b > ?) ...; at or below ends with the last column's <=
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            List<String> term = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                term.add(columns.get(j) + " = " + values.get(j));
                parameters.add(boundValues.get(j));
            }
            String last = above ? ">" : i == key.size() - 1 ? "<=" : "<";
            term.add(columns.get(i) + " " + last + " " + values.get(i));
            parameters.add(boundValues.get(i));
            terms.add(term.size() == 1 ? term.get(0) : "(" + String.join(" AND ", term) + ")");
        }
        return "(" + String.join(" OR ", terms) + ")";
    }

    private String column(String alias, Column column) {
        return dialect.keyOrder((alias == null ? "" : alias + ".") + dialect.quote(column.name()), column);
    }

    /** The key of the current row, whose key columns start at {@code firstColumn}, as a JSON object in the content's value format. */
    public JsonNode read(ResultSet rs, int firstColumn) throws SQLException {
        try (TokenBuffer buffer = new TokenBuffer(JSON, false)) {
            buffer.writeStartObject();
            for (int i = 0; i < key.size(); i++) {
                buffer.writeFieldName(key.get(i).name());
                ColumnWriter.of(dialect.types().form(key.get(i))).write(rs, firstColumn + i, buffer);
            }
            buffer.writeEndObject();
            return JSON.readTree(buffer.asParser());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The key columns' values of a bound, as {@link io.ctsync.values.ComparedValue} reads them, for ctsync's own comparison. */
    public Object[] compared(JsonNode bound) {
        Object[] values = new Object[key.size()];
        for (int i = 0; i < values.length; i++) {
            Object value = types.get(i).value(bound.get(key.get(i).name()));
            values[i] = value instanceof java.time.OffsetDateTime t ? t.withOffsetSameInstant(java.time.ZoneOffset.UTC) : value;
        }
        return values;
    }
}
