package io.ctsync.values;

/** A column as the database catalog describes it. */
public record Column(String name, int jdbcType, String typeName) {
}
