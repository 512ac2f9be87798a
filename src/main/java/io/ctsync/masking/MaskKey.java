package io.ctsync.masking;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * {@code ctsync.mask.key}, the secret that keys the hashes, with {@code ctsync.mask.key-id}, the
 * name the manifests give it (docs/format.md, "Masked columns"). The secret is never shown: not in
 * {@link #toString()}, logs, or the API.
 */
public final class MaskKey {

    static final String ALGORITHM = "HmacSHA256";

    private final String id;
    private final SecretKeySpec secret;

    public MaskKey(String id, String secret) {
        this.id = id;
        this.secret = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    public String id() {
        return id;
    }

    /** A hasher of its own for one reader: a {@link Mac} is not thread-safe. */
    public Hasher hasher() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(secret);
            return new Hasher(mac);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + ALGORITHM, e);
        }
    }

    /** HMAC-SHA-256 of a value's text, as 64 lowercase hex characters. */
    public static final class Hasher {

        private final Mac mac;

        private Hasher(Mac mac) {
            this.mac = mac;
        }

        public String hash(String text) {
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Override
    public String toString() {
        return "MaskKey[id=" + id + ", key=***]";
    }
}
