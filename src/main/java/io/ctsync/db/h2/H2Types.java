package io.ctsync.db.h2;

import io.ctsync.values.Column;
import io.ctsync.values.ColumnTypes;
import io.ctsync.values.JsonForm;

import java.sql.Types;
import java.util.Locale;

/**
 * H2's types (docs/format.md, "Types per database"). H2 converts a bound string or Java value to the column's type by
 * itself, except JSON, which it would store as a JSON string unless told that the text is JSON,
 * and BOOLEAN in a VALUES list.
 * Arrays travel as JSON arrays, since H2's text of an array does not read back.
 */
public final class H2Types implements ColumnTypes {

    @Override
    public JsonForm form(int jdbcType, String typeName) {
        String type = typeName == null ? "" : typeName.toUpperCase(Locale.ROOT);
        if (type.equals("UUID")) {
            return JsonForm.UUID;
        }
        if (jdbcType == Types.ARRAY) {
            return JsonForm.ARRAY;
        }
        return ColumnTypes.standard(jdbcType);
    }

    /** BLOB and CLOB values live in H2's LOB storage, from which its driver reads them as streams. */
    @Override
    public boolean readAsStream(int jdbcType, String typeName, int precision) {
        return jdbcType == Types.BLOB || jdbcType == Types.CLOB || jdbcType == Types.NCLOB;
    }

    /**
     * H2 types a parameter in a VALUES list (the presence lookup) as text, which it converts to most
     * types in a comparison but not to BOOLEAN or binary; casts to the catalog's names elsewhere would lose
     * lengths and precisions (CHARACTER is CHARACTER(1), TIME is TIME(0)).
     */
    @Override
    public String parameter(Column column) {
        String type = column.typeName() == null ? "" : column.typeName().toUpperCase(Locale.ROOT);
        return switch (type) {
            case "JSON" -> "? FORMAT JSON";
            case "BOOLEAN" -> "CAST(? AS BOOLEAN)";
            case "BINARY", "BINARY VARYING" -> "CAST(? AS BINARY VARYING)";
            default -> "?";
        };
    }

    @Override
    public String refusal(Column column) {
        if (column.typeName() != null && column.typeName().toUpperCase(Locale.ROOT).startsWith("ROW")) {
            return "H2 writes a ROW value as text that it cannot read back";
        }
        return null;
    }
}
