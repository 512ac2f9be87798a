package io.ctsync.values;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A column type in terms every database ctsync writes has: a family and its sizes. The importer
 * reads a manifest's column type (named as the source names it) and a target column's type into
 * it, to tell whether the target holds the source's values, and each target database turns one
 * back into its own type (docs/format.md, "Schema changes: type mapping"). {@code size} is, by
 * family: bytes (INTEGER, FLOAT), digits (DECIMAL, with {@code scale}), characters or bytes (CHAR,
 * TEXT, BINARY), digits of fractional seconds (the times and timestamps); null: unbounded or
 * unconstrained (and for the families without a size).
 */
public record PortableType(Family family, Integer size, Integer scale) {

    public enum Family {
        INTEGER, DECIMAL, FLOAT, BOOLEAN, CHAR, TEXT, BINARY, DATE, TIME, TIME_WITH_OFFSET, TIMESTAMP, TIMESTAMP_WITH_OFFSET, UUID;

        boolean temporal() {
            return this == TIME || this == TIME_WITH_OFFSET || this == TIMESTAMP || this == TIMESTAMP_WITH_OFFSET;
        }

        boolean sized() {
            return this == CHAR || this == TEXT || this == BINARY;
        }
    }

    /** The digits of the biggest value of an integer of so many bytes: how many a decimal needs to hold it. */
    private static final Map<Integer, Integer> INTEGER_DIGITS = Map.of(1, 3, 2, 5, 4, 10, 8, 19);

    /** Type names of PostgreSQL, H2 and SQL Server, lowercase, by family and size; rowversion is SQL Server's. */
    private static final Map<String, PortableType> NAMES = Map.ofEntries(
            Map.entry("tinyint", integer(1)),
            Map.entry("smallint", integer(2)), Map.entry("int2", integer(2)), Map.entry("smallserial", integer(2)),
            Map.entry("int", integer(4)), Map.entry("integer", integer(4)), Map.entry("int4", integer(4)), Map.entry("serial", integer(4)),
            Map.entry("bigint", integer(8)), Map.entry("int8", integer(8)), Map.entry("bigserial", integer(8)),
            Map.entry("numeric", of(Family.DECIMAL)), Map.entry("decimal", of(Family.DECIMAL)),
            Map.entry("real", new PortableType(Family.FLOAT, 4, null)), Map.entry("float4", new PortableType(Family.FLOAT, 4, null)),
            Map.entry("float", new PortableType(Family.FLOAT, 8, null)), Map.entry("float8", new PortableType(Family.FLOAT, 8, null)),
            Map.entry("double", new PortableType(Family.FLOAT, 8, null)),
            Map.entry("double precision", new PortableType(Family.FLOAT, 8, null)),
            Map.entry("boolean", of(Family.BOOLEAN)), Map.entry("bool", of(Family.BOOLEAN)), Map.entry("bit", of(Family.BOOLEAN)),
            Map.entry("char", of(Family.CHAR)), Map.entry("character", of(Family.CHAR)), Map.entry("bpchar", of(Family.CHAR)),
            Map.entry("nchar", of(Family.CHAR)),
            Map.entry("varchar", of(Family.TEXT)), Map.entry("character varying", of(Family.TEXT)), Map.entry("nvarchar", of(Family.TEXT)),
            Map.entry("text", of(Family.TEXT)), Map.entry("ntext", of(Family.TEXT)), Map.entry("clob", of(Family.TEXT)),
            Map.entry("character large object", of(Family.TEXT)), Map.entry("varchar_ignorecase", of(Family.TEXT)),
            Map.entry("binary", of(Family.BINARY)), Map.entry("varbinary", of(Family.BINARY)), Map.entry("binary varying", of(Family.BINARY)),
            Map.entry("bytea", of(Family.BINARY)), Map.entry("blob", of(Family.BINARY)), Map.entry("binary large object", of(Family.BINARY)),
            Map.entry("image", of(Family.BINARY)), Map.entry("rowversion", of(Family.BINARY)),
            Map.entry("date", of(Family.DATE)),
            Map.entry("time", of(Family.TIME)), Map.entry("time without time zone", of(Family.TIME)),
            Map.entry("timetz", of(Family.TIME_WITH_OFFSET)), Map.entry("time with time zone", of(Family.TIME_WITH_OFFSET)),
            Map.entry("timestamp", of(Family.TIMESTAMP)), Map.entry("timestamp without time zone", of(Family.TIMESTAMP)),
            Map.entry("datetime", of(Family.TIMESTAMP)), Map.entry("datetime2", of(Family.TIMESTAMP)),
            Map.entry("smalldatetime", of(Family.TIMESTAMP)),
            Map.entry("timestamptz", of(Family.TIMESTAMP_WITH_OFFSET)), Map.entry("timestamp with time zone", of(Family.TIMESTAMP_WITH_OFFSET)),
            Map.entry("datetimeoffset", of(Family.TIMESTAMP_WITH_OFFSET)),
            Map.entry("uuid", of(Family.UUID)), Map.entry("uniqueidentifier", of(Family.UUID)));

    private static PortableType of(Family family) {
        return new PortableType(family, null, null);
    }

    private static PortableType integer(int bytes) {
        return new PortableType(Family.INTEGER, bytes, null);
    }

    /**
     * The portable type of a type name and its declared sizes, as a manifest's column gives them;
     * empty for a type outside the families (json, intervals, arrays, enums, ...), about which the
     * importer judges nothing.
     */
    public static Optional<PortableType> of(String typeName, Integer length, Integer precision, Integer scale) {
        PortableType named = typeName == null ? null : NAMES.get(typeName.toLowerCase(Locale.ROOT).strip());
        if (named == null) {
            return Optional.empty();
        }
        Family family = named.family;
        if (family == Family.DECIMAL) {
            return Optional.of(new PortableType(family, precision, precision == null ? null : scale == null ? 0 : scale));
        }
        if (family.sized()) {
            return Optional.of(new PortableType(family, length, null));
        }
        if (family.temporal()) {
            return Optional.of(new PortableType(family, precision, null));
        }
        return Optional.of(named);
    }

    /**
     * Whether a column of this type takes every value of {@code source} as it is: the same family
     * at least as big (a decimal as many digits before and after the point), an integer's values in
     * a decimal with room for them, fixed text in varying text, and anything but binary in
     * unbounded text, which takes the value's text.
     */
    public boolean holds(PortableType source) {
        if (family == Family.TEXT && size == null && source.family != Family.BINARY) {
            return true;
        }
        if (family == Family.DECIMAL && source.family == Family.INTEGER) {
            return size == null || size - scale >= INTEGER_DIGITS.get(source.size);
        }
        if (family == Family.TEXT && source.family == Family.CHAR) {
            return atLeast(size, source.size);
        }
        if (family != source.family) {
            return false;
        }
        if (family == Family.DECIMAL) {
            return size == null || source.size != null && size - scale >= source.size - source.scale && scale >= source.scale;
        }
        return atLeast(size, source.size);
    }

    /** Whether the source's family is one this type can grow into: its own. */
    public boolean sameFamily(PortableType source) {
        return family == source.family;
    }

    /** This type grown so that it holds {@code source} too (same family): each size the larger, null (unbounded) above all. */
    public PortableType widenedFor(PortableType source) {
        if (family == Family.DECIMAL) {
            if (size == null || source.size == null) {
                return new PortableType(family, null, null);
            }
            int scale = Math.max(this.scale, source.scale);
            return new PortableType(family, Math.max(size - this.scale, source.size - source.scale) + scale, scale);
        }
        return new PortableType(family, size == null || source.size == null ? null : Math.max(size, source.size), null);
    }

    /** The same type with at most {@code digits} of fractional seconds: a database's limit (PostgreSQL keeps 6). */
    public PortableType fractionAtMost(int digits) {
        return family.temporal() && size != null && size > digits ? new PortableType(family, digits, null) : this;
    }

    private static boolean atLeast(Integer size, Integer other) {
        return size == null || other != null && size >= other;
    }
}
