package io.ctsync.masking;

import io.ctsync.values.ColumnWriter;

import java.util.List;
import java.util.Map;

/**
 * A table's masked columns ({@code ctsync.table.<schema>.<table>.mask.<column>=hash|null}) and the
 * key that hashes them (null when no column is hashed). A masked column's writer replaces the
 * value before it is written anywhere (docs/format.md, "Masked columns").
 */
public record ColumnMasks(Map<String, Mask> columns, MaskKey key) {

    public static final ColumnMasks NONE = new ColumnMasks(Map.of(), null);

    public ColumnMasks {
        columns = Map.copyOf(columns);
    }

    public Mask of(String column) {
        return columns.get(column);
    }

    /** Whether one of {@code names} is hashed. */
    public boolean hashesAny(List<String> names) {
        return names.stream().anyMatch(name -> columns.get(name) == Mask.HASH);
    }

    /** The key's id for the manifest when a column is hashed; null otherwise. */
    public String keyIdFor(List<String> names) {
        return hashesAny(names) ? key.id() : null;
    }

    /** {@code clear}, or the writer of its masked value when the column is masked; {@code hasher} is the reader's own. */
    public ColumnWriter writer(String column, ColumnWriter clear, MaskKey.Hasher hasher) {
        Mask mask = columns.get(column);
        if (mask == null) {
            return clear;
        }
        return mask == Mask.NULL ? (rs, i, json) -> json.writeNull() : new HashedColumn(clear, hasher);
    }

    /** A hasher for one reader, or null when no column is hashed. */
    public MaskKey.Hasher hasher() {
        return key == null ? null : key.hasher();
    }
}
