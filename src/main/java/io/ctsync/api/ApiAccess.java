package io.ctsync.api;

import org.apache.camel.Exchange;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may call the API. With {@code ctsync.api.token} set, every request must carry
 * {@code Authorization: Bearer <token>}; the comparison takes the same time whatever the guess, so
 * that timing reveals nothing. Without a token the server listens on the loopback interface only
 * (see {@link ApiServer}), and every request that reaches it is let through.
 */
public final class ApiAccess {

    private static final String BEARER = "Bearer ";

    private final byte[] token;

    /** {@code token} may be null or blank: no token configured. */
    public ApiAccess(String token) {
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    public boolean tokenRequired() {
        return token != null;
    }

    /**
     * Refuses the request with 401 unless it carries the token. The route configuration {@code api}
     * (routes/api.camel.yaml) calls it once, before any step of every API route.
     */
    public void check(Exchange exchange) {
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        // the header is removed, token or not, so that no later step can log or echo the secret
        exchange.getMessage().removeHeader("Authorization");
        if (token == null) {
            return;
        }
        byte[] offered = header != null && header.startsWith(BEARER)
                ? header.substring(BEARER.length()).getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(token, offered)) {
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
            throw new ApiProblem(401, "missing or wrong bearer token: send Authorization: Bearer <ctsync.api.token>");
        }
    }
}
