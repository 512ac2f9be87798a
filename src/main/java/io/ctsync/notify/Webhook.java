package io.ctsync.notify;

import io.ctsync.config.ConfigException;
import io.ctsync.config.Settings;

import java.net.URI;
import java.time.Duration;

/**
 * Where a pipeline's changes of state are sent ({@code ctsync.notify.webhook}): an http(s) URL, an
 * optional {@code Authorization} header value (a secret: sent, never logged nor in a body), the
 * timeout of one try and how many tries after the first.
 */
public record Webhook(URI url, String authorization, Duration timeout, int retries) {

    static final String URL = "ctsync.notify.webhook";

    /** The pipeline's webhook, or null when none is configured. */
    public static Webhook of(Settings settings) {
        String url = settings.get(URL);
        if (url == null || url.isBlank()) {
            return null;
        }
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(URL, "'" + url + "' is not a URL", "write for example https://alerts.example.com/hooks/ctsync");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new ConfigException(URL, "'" + url + "' is not an http or https URL", "write for example https://alerts.example.com/hooks/ctsync");
        }
        return new Webhook(uri, settings.get(URL + ".authorization"), settings.getDuration(URL + ".timeout", Duration.ofSeconds(5)),
                settings.getInt(URL + ".retries", 3, 0));
    }
}
