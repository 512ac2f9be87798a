package io.ctsync.importing;

import com.fasterxml.jackson.databind.JsonNode;
import io.ctsync.dialect.Column;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;

/**
 * How a target column takes a content's JSON value: the inverse of the exporter's
 * {@link io.ctsync.packaging.ColumnWriter}, chosen once per column from the target's catalog.
 * Exact decimals stay {@link BigDecimal}, timestamps keep their offset, binary comes back from
 * base64, and types JDBC does not name (json, inet, interval...) go as text for the server to cast.
 */
final class ColumnType {

    private final Column column;
    private final Class<?> javaType;
    private final Function<JsonNode, Object> convert;
    private final boolean serverCast;

    private ColumnType(Column column, Class<?> javaType, Function<JsonNode, Object> convert, boolean serverCast) {
        this.column = column;
        this.javaType = javaType;
        this.convert = convert;
        this.serverCast = serverCast;
    }

    static ColumnType of(Column column) {
        String type = column.typeName() == null ? "" : column.typeName().toLowerCase(Locale.ROOT);
        if (type.equals("uuid")) {
            return new ColumnType(column, UUID.class, v -> UUID.fromString(v.asText()), false);
        }
        if (type.equals("datetimeoffset")) {
            // SQL Server's, under a type code of its driver's own
            return new ColumnType(column, OffsetDateTime.class, v -> OffsetDateTime.parse(v.asText()), false);
        }
        return switch (column.jdbcType()) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT ->
                    new ColumnType(column, Long.class, v -> v.isNumber() ? v.longValue() : Long.parseLong(v.asText()), false);
            case Types.NUMERIC, Types.DECIMAL ->
                    new ColumnType(column, BigDecimal.class, v -> v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText()), false);
            // non-finite values travel as strings ("NaN", "Infinity"), which parseFloat and parseDouble read back
            case Types.REAL -> new ColumnType(column, Float.class, v -> v.isNumber() ? v.floatValue() : Float.parseFloat(v.asText()), false);
            case Types.FLOAT, Types.DOUBLE ->
                    new ColumnType(column, Double.class, v -> v.isNumber() ? v.doubleValue() : Double.parseDouble(v.asText()), false);
            case Types.BIT, Types.BOOLEAN ->
                    new ColumnType(column, Boolean.class, v -> v.isBoolean() ? v.booleanValue() : Boolean.parseBoolean(v.asText()), false);
            case Types.DATE -> new ColumnType(column, LocalDate.class, v -> LocalDate.parse(v.asText()), false);
            case Types.TIME -> type.equals("timetz")
                    ? new ColumnType(column, OffsetTime.class, v -> OffsetTime.parse(v.asText()), false)
                    : new ColumnType(column, LocalTime.class, v -> LocalTime.parse(v.asText()), false);
            case Types.TIME_WITH_TIMEZONE -> new ColumnType(column, OffsetTime.class, v -> OffsetTime.parse(v.asText()), false);
            case Types.TIMESTAMP -> type.equals("timestamptz")
                    ? new ColumnType(column, OffsetDateTime.class, v -> OffsetDateTime.parse(v.asText()), false)
                    : new ColumnType(column, LocalDateTime.class, v -> LocalDateTime.parse(v.asText()), false);
            case Types.TIMESTAMP_WITH_TIMEZONE -> new ColumnType(column, OffsetDateTime.class, v -> OffsetDateTime.parse(v.asText()), false);
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> new ColumnType(column, byte[].class, ColumnType::base64, false);
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB ->
                    new ColumnType(column, String.class, ColumnType::text, false);
            default -> new ColumnType(column, String.class, ColumnType::text, true);
        };
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

    String name() {
        return column.name();
    }

    /** The Java value of a JSON value; null for JSON null or an absent field. */
    Object value(JsonNode json) {
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

    void bindValue(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, serverCast ? Types.OTHER : column.jdbcType());
        } else if (national()) {
            // SQL Server's driver sends other strings in the database's code page (sendStringParametersAsUnicode=false)
            statement.setNString(index, (String) value);
        } else if (serverCast) {
            statement.setObject(index, value, Types.OTHER);
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
    Object read(ResultSet rs, int index) throws SQLException {
        if (javaType == Long.class) {
            // PostgreSQL's driver will not convert int4 or int2 to Long through getObject
            long value = rs.getLong(index);
            return rs.wasNull() ? null : value;
        }
        return rs.getObject(index, javaType);
    }
}
