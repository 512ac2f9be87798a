package io.ctsync.masking;

import java.util.Locale;

/** What {@code ctsync.table.<schema>.<table>.mask.<column>} writes instead of the column's value. */
public enum Mask {
    /** HMAC-SHA-256 of the value's text, keyed by {@code ctsync.mask.key}, as 64 lowercase hex characters. */
    HASH,
    /** JSON null. */
    NULL;

    /** The mask a configuration value names ({@code hash} or {@code null}, any case); null when it names none. */
    public static Mask named(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "hash" -> HASH;
            case "null" -> NULL;
            default -> null;
        };
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
