package io.ctsync.packaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ctsync.values.Column;
import io.ctsync.values.ColumnTypes;

import java.sql.Types;
import java.util.List;
import java.util.Set;

/**
 * One column of a table as a manifest's {@code columns} lists it (docs/format.md, "columns"): its
 * name, its type as the source's catalog names it, whether it takes NULL, and where the type has
 * them its {@code length} (text and binary; absent when unbounded), {@code precision} and
 * {@code scale} (exact numbers; absent when unconstrained), or {@code precision} alone (times and
 * timestamps: the digits of fractional seconds).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ColumnShape(String name, String type, boolean nullable, Integer length, Integer precision, Integer scale) {

    /**
     * From this many characters or bytes on, a length is the type's own limit rather than one
     * the column was declared with (H2's CHARACTER VARYING, SQL Server's (max), PostgreSQL's text).
     */
    static final int UNBOUNDED_LENGTH = 1_000_000_000;
    /** From this precision on, a decimal's catalog gives the type's limit (H2's NUMERIC), not a declared one. */
    static final int UNCONSTRAINED_PRECISION = 1_000;
    private static final Set<Integer> LENGTH_TYPES = Set.of(Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR,
            Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB, Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB);

    public static List<ColumnShape> of(List<Column> columns, ColumnTypes types) {
        return columns.stream().map(c -> of(c, types)).toList();
    }

    public static ColumnShape of(Column column, ColumnTypes types) {
        String type = types.typeName(column);
        return switch (types.form(column)) {
            case DECIMAL, MONEY -> column.precision() > 0 && column.precision() < UNCONSTRAINED_PRECISION
                    ? new ColumnShape(column.name(), type, column.nullable(), null, column.precision(), column.scale())
                    : plain(column, type);
            case TIME, TIME_WITH_OFFSET, TIMESTAMP, TIMESTAMP_WITH_OFFSET ->
                    new ColumnShape(column.name(), type, column.nullable(), null, column.scale(), null);
            case TEXT, BINARY -> LENGTH_TYPES.contains(column.jdbcType()) && column.precision() > 0 && column.precision() < UNBOUNDED_LENGTH
                    ? new ColumnShape(column.name(), type, column.nullable(), column.precision(), null, null)
                    : plain(column, type);
            default -> plain(column, type);
        };
    }

    private static ColumnShape plain(Column column, String type) {
        return new ColumnShape(column.name(), type, column.nullable(), null, null, null);
    }
}
