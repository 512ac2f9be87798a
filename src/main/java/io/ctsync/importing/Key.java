package io.ctsync.importing;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The key values of one row, comparable whichever way they were obtained (converted from a
 * content's JSON, or read from the target): decimals without trailing zeros, instants instead of
 * offsets, binary by content.
 */
final class Key {

    private final Object[] values;
    private final Object[] comparable;

    Key(Object[] values) {
        this.values = values;
        this.comparable = Arrays.stream(values).map(Key::comparable).toArray();
    }

    private static Object comparable(Object value) {
        if (value instanceof BigDecimal decimal) {
            return decimal.stripTrailingZeros();
        }
        if (value instanceof OffsetDateTime timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        }
        return value;
    }

    Object value(int index) {
        return values[index];
    }

    Object[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Key key && Arrays.equals(comparable, key.comparable);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(comparable);
    }
}
