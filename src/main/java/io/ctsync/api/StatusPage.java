package io.ctsync.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The status page, one self-contained HTML file in the jar (no build step, no external asset).
 * Served by a route of its own rather than Camel's static-file server, which also serves files
 * from the working directory.
 */
public final class StatusPage {

    private final String html;

    public StatusPage() {
        try (InputStream in = StatusPage.class.getResourceAsStream("/status/index.html")) {
            if (in == null) {
                throw new IllegalStateException("status/index.html is missing from the jar");
            }
            html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String html() {
        return html;
    }
}
