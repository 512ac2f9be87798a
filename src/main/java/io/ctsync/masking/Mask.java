package io.ctsync.masking;

import io.ctsync.config.ConfigException;

import java.util.Locale;

/** What {@code ctsync.table.<schema>.<table>.mask.<column>} writes instead of the column's value. */
public enum Mask {
    /** HMAC-SHA-256 of the value's text, keyed by {@code ctsync.mask.key}, as 64 lowercase hex characters. */
    HASH,
    /** JSON null. */
    NULL;

    public static Mask parse(String key, String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "hash" -> HASH;
            case "null" -> NULL;
            default -> throw new ConfigException(key, "'" + value + "' is no mask", "write hash or null");
        };
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
