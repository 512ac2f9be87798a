package io.ctsync.config;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.Matcher;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * ctsync's keys, read through Camel's PropertiesComponent: the one the routes resolve
 * {@code {{key}}} with, so a key has one value everywhere.
 * Camel's order (docs/configuration.md, "How keys are read"): an environment variable
 * ({@code ctsync.gateway.dir} is {@code CTSYNC_GATEWAY_DIR}), then {@code -Dkey=value}, then the {@code --config} file, then the
 * built-in defaults ({@code application.properties} on the classpath). This class only types and
 * validates values; it resolves nothing itself.
 */
public final class Settings {

    static final String DEFAULTS = "classpath:application.properties";

    private static final Predicate<String> OURS = key -> key.startsWith("ctsync.");

    /** Where the keys of one pipeline of several begin: {@code ctsync.pipelines.<name>.application=shop}. */
    public static final String PIPELINES_PREFIX = "ctsync.pipelines.";

    private final PropertiesComponent properties;
    /** {@code ctsync.pipelines.<name>.} for the view of one pipeline, whose keys override the top-level ones; null for the top level. */
    private final String pipelinePrefix;
    /** The canonical spelling of every {@code ctsync.table.} key ({@code ctsync.table.public.Order Line.key}) to the key as written. */
    private final Map<String, String> spelled = new TreeMap<>();
    /** The other way round: each written table key to its canonical spelling. */
    private final Map<String, String> canonical = new TreeMap<>();

    private Settings(PropertiesComponent properties, String pipelinePrefix) {
        this.properties = properties;
        this.pipelinePrefix = pipelinePrefix;
        for (String key : writtenKeys()) {
            TableName.KeyPart part = key.startsWith(KnownKeys.TABLE_PREFIX) ? TableName.parseKey(key, key.substring(KnownKeys.TABLE_PREFIX.length())) : null;
            if (part != null) {
                String name = KnownKeys.TABLE_PREFIX + part.table() + "." + part.suffix();
                spelled.put(name, key);
                canonical.put(key, name);
            }
        }
    }

    /**
     * The settings of a Camel context whose PropertiesComponent reads the given locations (the
     * first that has a key wins) over the built-in defaults; the routes of that context see the same.
     */
    public static Settings of(CamelContext camel, String... locations) {
        PropertiesComponent properties = camel.getPropertiesComponent();
        // java.util.Properties reads ISO-8859-1 by default; names beyond Latin-1 must survive
        ((org.apache.camel.component.properties.PropertiesComponent) properties).setEncoding(StandardCharsets.UTF_8.name());
        for (String location : locations) {
            properties.addLocation(location);
        }
        properties.addLocation(DEFAULTS);
        return new Settings(properties, null);
    }

    /** The location of a {@code --config} file, refused at once if it cannot be read. */
    public static String fileLocation(Path configFile) {
        if (!Files.isReadable(configFile)) {
            throw new ConfigException("--config", "cannot read " + configFile, "give the path of a readable properties file");
        }
        return "file:" + configFile.toAbsolutePath();
    }

    /** Settings from a map in place of a file, over the defaults (tests and benchmarks). */
    public static Settings of(Map<String, String> properties) {
        Map<String, String> merged = new TreeMap<>(readClasspath("application.properties"));
        merged.putAll(properties);
        CamelContext camel = new DefaultCamelContext(false);
        camel.getPropertiesComponent().addPropertiesSource(new MapPropertiesSource(merged));
        return new Settings(camel.getPropertiesComponent(), null);
    }

    public static Map<String, String> readClasspath(String resource) {
        try (InputStream in = Settings.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return Map.of();
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                Properties loaded = new Properties();
                loaded.load(reader);
                Map<String, String> map = new TreeMap<>();
                loaded.stringPropertyNames().forEach(name -> map.put(name, loaded.getProperty(name).strip()));
                return map;
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    /** The environment variable name Camel looks up for a key. */
    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /**
     * The settings of the pipeline configured under {@code ctsync.pipelines.<name>.}: each of its
     * keys overrides the top-level key of the same name, which is the shared default (docs/operations.md, "Many pipelines").
     */
    public Settings pipeline(String name) {
        return new Settings(properties, PIPELINES_PREFIX + name + ".");
    }

    /** The names under {@code ctsync.pipelines.}, in order; empty for a configuration of one pipeline. */
    public Set<String> pipelineNames() {
        Set<String> names = new TreeSet<>();
        for (String key : properties.loadProperties(OURS).stringPropertyNames()) {
            if (key.startsWith(PIPELINES_PREFIX)) {
                String rest = key.substring(PIPELINES_PREFIX.length());
                names.add(rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest);
            }
        }
        return names;
    }

    /** Every {@code ctsync.*} key written in a file, in the defaults or as {@code -D}, as written; environment variables cannot be listed back as keys. */
    public Set<String> writtenKeys() {
        Set<String> keys = fileKeys();
        keys.addAll(ofThisPipeline(systemKeys()));
        return keys;
    }

    /**
     * The {@code ctsync.*} keys of the {@code --config} file (or the demo's) and of the defaults;
     * in a pipeline's view, its own keys under their top-level names, and no other pipeline's.
     */
    Set<String> fileKeys() {
        return ofThisPipeline(properties.loadProperties(OURS).stringPropertyNames());
    }

    private Set<String> ofThisPipeline(Set<String> keys) {
        Set<String> seen = new TreeSet<>();
        for (String key : keys) {
            if (pipelinePrefix != null && key.startsWith(pipelinePrefix)) {
                seen.add(topLevel(key));
            } else if (!key.startsWith(PIPELINES_PREFIX)) {
                seen.add(key);
            }
        }
        return seen;
    }

    boolean isPipelineView() {
        return pipelinePrefix != null;
    }

    private String topLevel(String pipelineKey) {
        return "ctsync." + pipelineKey.substring(pipelinePrefix.length());
    }

    /** The key as the configuration spells it: a pipeline's own keys under {@code ctsync.pipelines.<name>.}. */
    String asWritten(String key) {
        String spelling = spelled.getOrDefault(key, key);
        return pipelinePrefix != null && resolve(ownKey(spelling)) != null ? ownKey(spelling) : spelling;
    }

    private String ownKey(String key) {
        return pipelinePrefix + key.substring("ctsync.".length());
    }

    /** The {@code ctsync.*} JVM system properties ({@code -Dkey=value}). */
    static Set<String> systemKeys() {
        Set<String> keys = new TreeSet<>();
        System.getProperties().stringPropertyNames().stream().filter(OURS).forEach(keys::add);
        return keys;
    }

    public String get(String key) {
        String spelling = spelled.getOrDefault(key, key);
        String own = pipelinePrefix == null ? null : resolve(ownKey(spelling));
        return own != null ? own : resolve(spelling);
    }

    private String resolve(String key) {
        String value = properties.resolveProperty(key).orElse(null);
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

    /** A size in bytes: a whole number, optionally followed by KB, MB or GB (powers of 1024). */
    public long getBytes(String key, long defaultValue, long min) {
        String value = get(key);
        if (value == null) {
            return defaultValue;
        }
        Matcher size = BYTES.matcher(value.trim());
        if (size.matches()) {
            long unit = switch (size.group(2) == null ? "" : size.group(2).toUpperCase(Locale.ROOT)) {
                case "KB" -> 1L << 10;
                case "MB" -> 1L << 20;
                case "GB" -> 1L << 30;
                default -> 1;
            };
            long parsed = Long.parseLong(size.group(1)) * unit;
            if (parsed >= min) {
                return parsed;
            }
        }
        throw new ConfigException(key, "'" + value + "' is not a size of at least " + min + " bytes", "write for example 16MB");
    }

    private static final Pattern BYTES = Pattern.compile("(\\d{1,12})\\s*([KkMmGg][Bb])?");

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

    /** Written keys under a prefix, in their canonical spelling ({@code ctsync.table.public.Order Line.key}), with their values. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> found = new TreeMap<>();
        for (String written : writtenKeys()) {
            String key = canonical.getOrDefault(written, written);
            String value = get(key);
            if (key.startsWith(prefix) && value != null) {
                found.put(key, value);
            }
        }
        return found;
    }
}
