package io.ctsync.db.postgresql;

import io.ctsync.values.Column;
import io.ctsync.values.ColumnTypes;
import io.ctsync.values.ColumnWriter;
import io.ctsync.values.JsonForm;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * PostgreSQL's types (docs/format.md, "Types per database"). Every bound value is cast to its column's type name, as the
 * catalog gives it: the driver sends dates, times and strings untyped or as text, and a VALUES list
 * (the presence lookup) or a comparison with an enum, a domain, a range, money or a bit string
 * would otherwise read them as text. Bit strings are written as their text, {@code "10101010"}, and
 * money as a number, read from its text in the C locale that {@link PostgresSql} sets.
 */
public final class PostgresTypes implements ColumnTypes {

    /** Type names that the catalog reports but no cast accepts: serial columns are integers with a default. */
    private static final Map<String, String> CAST_TYPES = Map.of("bit", "varbit", "serial", "int4", "bigserial", "int8",
            "smallserial", "int2");
    private static final String NAME = "(\"([^\"]|\"\")+\"|[a-z_][a-z0-9_$]*)";
    /** A type name as the driver writes it: a plain lowercase name or quoted names, optionally schema-qualified. */
    private static final Pattern TYPE_NAME = Pattern.compile(NAME + "(\\." + NAME + ")?");

    @Override
    public JsonForm form(int jdbcType, String typeName) {
        return switch (typeName == null ? "" : typeName.toLowerCase(Locale.ROOT)) {
            case "uuid" -> JsonForm.UUID;
            // the driver reports bit(n) as BIT, which it reads as a boolean only for bit(1)
            case "bit", "varbit" -> JsonForm.TEXT;
            case "money" -> JsonForm.MONEY;
            case "timetz" -> JsonForm.TIME_WITH_OFFSET;
            case "timestamptz" -> JsonForm.TIMESTAMP_WITH_OFFSET;
            default -> ColumnTypes.standard(jdbcType);
        };
    }

    /** Numbers, dates and timestamps from the server's text where it is already their form ({@link PostgresTextValues}). */
    @Override
    public ColumnWriter writer(JsonForm form, String typeName) {
        return PostgresTextValues.writer(form, typeName);
    }

    @Override
    public String parameter(Column column) {
        return "CAST(? AS " + castType(column) + ")";
    }

    /** The type name a cast to the column's type takes. */
    static String castType(Column column) {
        return CAST_TYPES.getOrDefault(column.typeName(), column.typeName());
    }

    @Override
    public String refusal(Column column) {
        if (column.typeName() == null || !TYPE_NAME.matcher(column.typeName()).matches()) {
            return "its type name " + column.typeName() + " cannot be written into a cast safely";
        }
        return null;
    }
}
