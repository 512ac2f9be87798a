package io.ctsync.config;

/** Where a database is and how to log in. The password never appears in {@link #toString()}. */
public record Database(String role, String url, String username, String password) {

    static Database read(Settings settings, String role) {
        String prefix = "ctsync." + role + ".";
        String url = settings.get(prefix + "url");
        if (url == null) {
            return null;
        }
        if (!url.startsWith("jdbc:")) {
            throw new ConfigException(prefix + "url", "'" + url + "' is not a JDBC URL", "write a URL like jdbc:postgresql://host:5432/db");
        }
        return new Database(role, url, settings.get(prefix + "username"), settings.get(prefix + "password"));
    }

    /** The URL with any password in it masked: safe to log and to show. */
    public String safeUrl() {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }

    @Override
    public String toString() {
        return role + " " + safeUrl();
    }
}
