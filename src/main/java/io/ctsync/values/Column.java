package io.ctsync.values;

/**
 * A column as the database catalog describes it: its JDBC type, the database's type name, and
 * for the exact numeric types their precision and scale, for the temporal types of fractional
 * seconds as scale the digits they keep (0 where the catalog gives none), which a
 * parameter cast to the column's type needs ({@link ColumnTypes#parameter}). For text and binary
 * types {@code precision} is their length. {@code nullable} is false only where the catalog says
 * NOT NULL (a manifest's {@code columns} carry it, docs/format.md).
 */
public record Column(String name, int jdbcType, String typeName, int precision, int scale, boolean nullable) {

    public Column(String name, int jdbcType, String typeName, int precision, int scale) {
        this(name, jdbcType, typeName, precision, scale, true);
    }

    public Column(String name, int jdbcType, String typeName) {
        this(name, jdbcType, typeName, 0, 0);
    }
}
