package io.ctsync.values;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Function;

/**
 * How a target column takes a content's JSON value: the inverse of the exporter's
 * {@link ColumnWriter}, chosen once per column by its {@link JsonForm} in the
 * target's type model. Exact decimals stay {@link BigDecimal}, timestamps keep their offset, binary
 * comes back from base64, arrays as element arrays, and the text form is bound as a string, which
 * the statement's parameter expression ({@link ColumnTypes#parameter}) reads as the column's type.
 */
public final class ColumnType {

    private final Column column;
    private final JsonForm form;
    private final Class<?> javaType;
    private final Function<JsonNode, Object> convert;

    private ColumnType(Column column, JsonForm form, Class<?> javaType, Function<JsonNode, Object> convert) {
        this.column = column;
        this.form = form;
        this.javaType = javaType;
        this.convert = convert;
    }

    public static ColumnType of(Column column, ColumnTypes types) {
        JsonForm form = types.form(column);
        return switch (form) {
            case INTEGER -> new ColumnType(column, form, Long.class, v -> v.isNumber() ? v.longValue() : Long.parseLong(v.asText()));
            case DECIMAL, MONEY -> new ColumnType(column, form, BigDecimal.class, ColumnType::decimal);
            // non-finite values travel as strings ("NaN", "Infinity"), which parseDouble reads back
            case FLOAT -> new ColumnType(column, form, Double.class, v -> v.isNumber() ? v.doubleValue() : Double.parseDouble(v.asText()));
            case BOOLEAN -> new ColumnType(column, form, Boolean.class, v -> v.isBoolean() ? v.booleanValue() : Boolean.parseBoolean(v.asText()));
            case DATE -> new ColumnType(column, form, LocalDate.class, v -> LocalDate.parse(v.asText()));
            case TIME -> new ColumnType(column, form, LocalTime.class, v -> LocalTime.parse(v.asText()));
            case TIME_WITH_OFFSET -> new ColumnType(column, form, OffsetTime.class, v -> OffsetTime.parse(v.asText()));
            case TIMESTAMP -> new ColumnType(column, form, LocalDateTime.class, v -> LocalDateTime.parse(v.asText()));
            case TIMESTAMP_WITH_OFFSET -> new ColumnType(column, form, OffsetDateTime.class, v -> OffsetDateTime.parse(v.asText()));
            case BINARY -> new ColumnType(column, form, byte[].class, ColumnType::base64);
            // as its lowercase text: mssql-jdbc reads and binds a uniqueidentifier as a string, and the others convert one
            case UUID -> new ColumnType(column, form, String.class, v -> UUID.fromString(v.asText()).toString());
            case ARRAY -> new ColumnType(column, form, Object[].class, ColumnType::array);
            case TEXT -> new ColumnType(column, form, String.class, ColumnType::text);
        };
    }

    /** A number, or a value that is none ("NaN", "Infinity"), which goes as text for the database to read. */
    private static Object decimal(JsonNode value) {
        if (value.isNumber()) {
            return value.decimalValue();
        }
        return SqlValues.NOT_A_NUMBER.contains(value.asText()) ? value.asText() : new BigDecimal(value.asText());
    }

    private static Object array(JsonNode value) {
        Object[] elements = new Object[value.size()];
        for (int i = 0; i < elements.length; i++) {
            JsonNode element = value.get(i);
            elements[i] = element.isNull() ? null : element.isNumber() ? element.decimalValue()
                    : element.isBoolean() ? element.booleanValue() : element.asText();
        }
        return elements;
    }

    private static Object base64(JsonNode value) {
        try {
            return value.binaryValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object text(JsonNode value) {
        return value.isTextual() ? value.textValue() : value.toString();
    }

    public JsonForm form() {
        return form;
    }

    public String name() {
        return column.name();
    }

    /**
     * An instant as this column takes it: with its offset (UTC), or as UTC's local time in a
     * timestamp without one; null where the column holds no timestamp.
     */
    public Object instant(Instant at) {
        return switch (form) {
            case TIMESTAMP_WITH_OFFSET -> at.atOffset(ZoneOffset.UTC);
            case TIMESTAMP -> LocalDateTime.ofInstant(at, ZoneOffset.UTC);
            default -> null;
        };
    }

    public Column column() {
        return column;
    }

    /** The Java value of a JSON value; null for JSON null or an absent field. */
    public Object value(JsonNode json) {
        if (json == null || json.isNull()) {
            return null;
        }
        try {
            return convert.apply(json);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("column " + column.name() + " (" + column.typeName() + ") cannot take the value "
                    + json + ": " + e.getMessage(), e);
        }
    }

    public void bindValue(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, switch (form) {
                case TEXT, MONEY -> Types.VARCHAR;
                case BINARY -> Types.VARBINARY;
                default -> column.jdbcType();
            });
        } else if (value instanceof String text && national()) {
            // SQL Server's driver sends other strings in the database's code page (sendStringParametersAsUnicode=false)
            statement.setNString(index, text);
        } else if (value instanceof String text) {
            statement.setString(index, text);
        } else {
            statement.setObject(index, value);
        }
    }

    /** A column of a national character type (only SQL Server's catalog reports them): bound as NVARCHAR. */
    private boolean national() {
        return switch (column.jdbcType()) {
            case Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR, Types.NCLOB -> true;
            default -> false;
        };
    }

    /** Reads the column the way {@link #value} builds it, so that the two compare. */
    public Object read(ResultSet rs, int index) throws SQLException {
        return switch (form) {
            case INTEGER -> {
                // PostgreSQL's driver will not convert int4 or int2 to Long through getObject
                long value = rs.getLong(index);
                yield rs.wasNull() ? null : value;
            }
            case FLOAT -> {
                // PostgreSQL's driver will not convert float4 to Double through getObject
                double value = rs.getDouble(index);
                yield rs.wasNull() ? null : value;
            }
            // nor bytea to byte[], nor jsonb (and other types read as text) to String
            case BINARY -> rs.getBytes(index);
            case TEXT -> rs.getString(index);
            case DECIMAL -> SqlValues.decimal(rs, index);
            case MONEY -> SqlValues.money(rs, index);
            case ARRAY -> SqlValues.array(rs, index);
            case UUID -> {
                String value = rs.getString(index);
                yield value == null ? null : value.toLowerCase(java.util.Locale.ROOT);
            }
            default -> rs.getObject(index, javaType);
        };
    }
}
