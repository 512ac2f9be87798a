package io.ctsync.values;

import java.sql.Types;

/**
 * A database's type model: for every type a column can have, the JSON form its values take
 * ({@link JsonForm}), the SQL through which a bound value is read as the column's own type, and
 * whether ctsync can carry it at all. One implementation per database, beside its dialect;
 * docs/format.md, "Types per database", is the table of it.
 */
public interface ColumnTypes {

    /** The form of a column of this JDBC type and database type name, as the catalog or a result set reports them. */
    JsonForm form(int jdbcType, String typeName);

    default JsonForm form(Column column) {
        return form(column.jdbcType(), column.typeName());
    }

    /**
     * The writer of a value of {@code form} from this database's driver, for a column of the type
     * the result set names {@code typeName}: {@link ColumnWriter#of} by default; a database whose own
     * text already is the form writes from the text instead.
     */
    default ColumnWriter writer(JsonForm form, String typeName) {
        return ColumnWriter.of(form);
    }

    /** The column's type as a manifest names it (docs/format.md, "columns"): the catalog's name by default. */
    default String typeName(Column column) {
        return column.typeName();
    }

    /**
     * Whether a column's values are read from the driver as streams (getBinaryStream,
     * getCharacterStream) rather than whole: for the types the driver itself streams from the
     * server (LOBs, SQL Server's max types), where a value may be bigger than the heap allows twice.
     */
    default boolean readAsStream(int jdbcType, String typeName, int precision) {
        return false;
    }

    /** The SQL that takes one bound value as a value of the column: {@code ?}, or a cast where the driver cannot say the type. */
    default String parameter(Column column) {
        return "?";
    }

    /**
     * Why ctsync cannot carry a column of this type, or null when it can: such a source column is
     * refused at start-up, and the user leaves it out with {@code exclude-columns}; a target column
     * of such a type refuses the content that carries it. (Columns the target computes itself, such
     * as SQL Server's rowversion, are no refusal: the target shape's generated columns leave them unwritten.)
     */
    default String refusal(Column column) {
        return null;
    }

    /** The form that the JDBC type code alone gives; the database's type name refines it where the code says too little. */
    static JsonForm standard(int jdbcType) {
        return switch (jdbcType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> JsonForm.INTEGER;
            case Types.NUMERIC, Types.DECIMAL -> JsonForm.DECIMAL;
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> JsonForm.FLOAT;
            case Types.BIT, Types.BOOLEAN -> JsonForm.BOOLEAN;
            case Types.DATE -> JsonForm.DATE;
            case Types.TIME -> JsonForm.TIME;
            case Types.TIME_WITH_TIMEZONE -> JsonForm.TIME_WITH_OFFSET;
            case Types.TIMESTAMP -> JsonForm.TIMESTAMP;
            case Types.TIMESTAMP_WITH_TIMEZONE -> JsonForm.TIMESTAMP_WITH_OFFSET;
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> JsonForm.BINARY;
            default -> JsonForm.TEXT;
        };
    }
}
