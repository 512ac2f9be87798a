package io.ctsync.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * ctsync's configuration, resolved the way Camel resolves {@code {{key}}}: a {@code -Dkey=value}
 * system property wins, then the environment variable ({@code ctsync.gateway.dir} is
 * {@code CTSYNC_GATEWAY_DIR}), then the {@code --config} file, then the built-in defaults.
 */
public final class Settings {

    private final Map<String, String> fileProperties;
    private final Map<String, String> environment;
    private final Properties systemProperties;

    public Settings(Map<String, String> fileProperties, Map<String, String> environment, Properties systemProperties) {
        this.fileProperties = new TreeMap<>(fileProperties);
        this.environment = environment;
        this.systemProperties = systemProperties;
    }

    /** Defaults from the classpath, overlaid with the given file, the environment and system properties. */
    public static Settings load(Path configFile) {
        if (!Files.isReadable(configFile)) {
            throw new ConfigException("--config", "cannot read " + configFile, "give the path of a readable properties file");
        }
        try (Reader reader = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
            return layered(toMap(reader));
        } catch (IOException e) {
            throw new ConfigException("--config", "cannot read " + configFile + ": " + e.getMessage(), "give a readable properties file");
        }
    }

    /** Defaults overlaid with the given properties in place of a file, then the environment and system properties. */
    public static Settings layered(Map<String, String> fileLayer) {
        Map<String, String> merged = new TreeMap<>(readClasspath("application.properties"));
        merged.putAll(fileLayer);
        return new Settings(merged, System.getenv(), System.getProperties());
    }

    public static Settings of(Map<String, String> properties) {
        Map<String, String> merged = new TreeMap<>(readClasspath("application.properties"));
        merged.putAll(properties);
        return new Settings(merged, Map.of(), new Properties());
    }

    public static Map<String, String> readClasspath(String resource) {
        try (InputStream in = Settings.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return Map.of();
            }
            try (Reader reader = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
                return toMap(reader);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    private static Map<String, String> toMap(Reader reader) throws IOException {
        Properties properties = new Properties();
        properties.load(reader);
        Map<String, String> map = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name).strip()));
        return map;
    }

    /** The environment variable name Camel uses for a key. */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    public String get(String key) {
        String value = systemProperties.getProperty(key);
        if (value == null) {
            value = environment.get(environmentName(key));
        }
        if (value == null) {
            value = fileProperties.get(key);
        }
        return value == null || value.isBlank() ? null : value.strip();
    }

    public String get(String key, String defaultValue) {
        String value = get(key);
        return value == null ? defaultValue : value;
    }

    public String require(String key, String fix) {
        String value = get(key);
        if (value == null) {
            throw new ConfigException(key, "is not set", fix);
        }
        return value;
    }

    public int getInt(String key, int defaultValue, int min) {
        String value = get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "'" + value + "' is not a whole number of at least " + min, "give a number like " + Math.max(min, defaultValue));
        }
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        String value = get(key);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(key, "'" + value + "' is not true or false", "write true or false");
        };
    }

    /** An ISO-8601 duration such as {@code P7D} or {@code PT12H}. */
    public Duration getDuration(String key, Duration defaultValue) {
        String value = get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            if (value.contains("T")) {
                return Duration.parse(value);
            }
            Period period = Period.parse(value);
            if (period.getYears() != 0 || period.getMonths() != 0) {
                throw new ConfigException(key, "'" + value + "' has months or years, whose length varies", "write days, for example P30D");
            }
            return Duration.ofDays(period.getDays());
        } catch (DateTimeParseException e) {
            throw new ConfigException(key, "'" + value + "' is not an ISO-8601 duration", "write for example P7D or PT12H");
        }
    }

    /** Keys of the file and of system properties under a prefix (environment variables cannot be listed by prefix reliably). */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> found = new TreeMap<>();
        fileProperties.keySet().stream().filter(k -> k.startsWith(prefix)).forEach(k -> found.put(k, get(k)));
        systemProperties.stringPropertyNames().stream().filter(k -> k.startsWith(prefix)).forEach(k -> found.put(k, get(k)));
        found.values().removeIf(v -> v == null);
        return found;
    }

    /** Every file and system property key, for handing to Camel so that routes see the same values. */
    public Properties asProperties() {
        Properties properties = new Properties();
        fileProperties.keySet().forEach(k -> {
            String v = get(k);
            if (v != null) {
                properties.setProperty(k, v);
            }
        });
        return properties;
    }

    public Settings with(String key, String value) {
        Map<String, String> copy = new TreeMap<>(fileProperties);
        copy.put(key, value);
        Properties system = new Properties();
        system.putAll(systemProperties);
        system.remove(key);
        return new Settings(copy, environment, system);
    }
}
