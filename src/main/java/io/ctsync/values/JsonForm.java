package io.ctsync.values;

/**
 * The forms a column value takes in a content's JSON (docs/format.md, "Values"): each database's
 * {@link ColumnTypes} says which form a column of a type has, and the exporter, the importer, the
 * presence lookup and the compare capture all read and write a value by its form.
 */
public enum JsonForm {
    /** A JSON integer. */
    INTEGER,
    /** A JSON number, exact; the text {@code "NaN"}, {@code "Infinity"} or {@code "-Infinity"} where the type has them. */
    DECIMAL,
    /** A JSON number; the text {@code "NaN"}, {@code "Infinity"} or {@code "-Infinity"} for the values JSON has no number for. */
    FLOAT,
    /** A JSON number, from a money type that the driver reads only as the database's text (PostgreSQL's money). */
    MONEY,
    BOOLEAN,
    /** ISO-8601 text: {@code 2026-02-28}. */
    DATE,
    /** ISO-8601 text: {@code 13:45:10.5}. */
    TIME,
    /** ISO-8601 text: {@code 13:45:10+02:00}. */
    TIME_WITH_OFFSET,
    /** ISO-8601 text: {@code 2026-02-28T13:45:10.123456}. */
    TIMESTAMP,
    /** ISO-8601 text with an offset: {@code 2026-02-28T11:45:10.123456Z}. */
    TIMESTAMP_WITH_OFFSET,
    /** Base64 text. */
    BINARY,
    /** Lowercase hexadecimal text: {@code 6f1c2a4e-9b0d-4c53-8f1e-0123456789ab}. */
    UUID,
    /** A JSON array of the elements' values (H2's arrays). */
    ARRAY,
    /** The database's own text of the value, which the database reads back as the column's type. */
    TEXT
}
