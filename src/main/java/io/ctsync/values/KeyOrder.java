package io.ctsync.values;

import java.math.BigDecimal;
import java.util.Arrays;

/**
 * The order in which the compare capture merges keys: numbers by value, text by Unicode code
 * point, binary by unsigned bytes, everything else by its natural order. Both databases are
 * asked to sort in this order ({@code SourceDialect.codePointOrder}); the merge checks every key it
 * receives against it, so a database that sorts otherwise stops the cycle instead of turning
 * rows into false inserts and deletes.
 */
public final class KeyOrder {

    private KeyOrder() {
    }

    public static int compare(Object[] a, Object[] b) {
        for (int i = 0; i < a.length; i++) {
            int c = compare(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static int compare(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (a instanceof Number x && b instanceof Number y) {
            return compareNumbers(x, y);
        }
        if (a instanceof String x && b instanceof String y) {
            return compareCodePoints(x, y);
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.compareUnsigned(x, y);
        }
        if (a instanceof Comparable x && a.getClass() == b.getClass()) {
            return x.compareTo(b);
        }
        throw new IllegalStateException("cannot order key values of types " + a.getClass().getSimpleName() + " and "
                + b.getClass().getSimpleName() + "; use key columns of a number, text, date, time, uuid or binary type");
    }

    public static int compareNumbers(Number a, Number b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (a instanceof Double x && b instanceof Double y) {
            return Double.compare(x, y);
        }
        return decimal(a).compareTo(decimal(b));
    }

    private static BigDecimal decimal(Number n) {
        if (n instanceof BigDecimal d) {
            return d;
        }
        return n instanceof Double || n instanceof Float ? BigDecimal.valueOf(n.doubleValue()) : BigDecimal.valueOf(n.longValue());
    }

    /** {@link String#compareTo} orders UTF-16 units, which puts U+10000 and above before U+E000; code points do not. */
    public static int compareCodePoints(String a, String b) {
        int shorter = Math.min(a.length(), b.length());
        for (int k = 0; k < shorter; k++) {
            char x = a.charAt(k);
            char y = b.charAt(k);
            if (x != y) {
                if (!Character.isSurrogate(x) && !Character.isSurrogate(y)) {
                    return Character.compare(x, y);
                }
                int start = k > 0 && Character.isHighSurrogate(a.charAt(k - 1)) ? k - 1 : k;
                return Integer.compare(a.codePointAt(start), b.codePointAt(start));
            }
        }
        return Integer.compare(a.length(), b.length());
    }
}
