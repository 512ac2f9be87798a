package io.ctsync.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Every {@code ctsync.*} key ctsync reads, so that a key it does not know (a typo such as
 * {@code ctsync.export.shedule}) is refused at start-up naming the nearest known key instead of
 * being silently ignored. A key added to the code is added here (or to the defaults in
 * {@code application.properties}, which are known by being there).
 */
public final class KnownKeys {

    static final String TABLE_PREFIX = "ctsync.table.";

    private static final Logger LOG = LoggerFactory.getLogger(KnownKeys.class);

    /** Keys without a default; every key of {@code application.properties} is known as well. */
    private static final List<String> WITHOUT_DEFAULT = List.of(
            "ctsync.application", "ctsync.source.name", "ctsync.destination.name", "ctsync.tables",
            "ctsync.source.url", "ctsync.source.username", "ctsync.source.password",
            "ctsync.target.url", "ctsync.target.username", "ctsync.target.password",
            "ctsync.state.username", "ctsync.state.password",
            "ctsync.gateway.azure.connection-string", "ctsync.gateway.azure.account", "ctsync.gateway.azure.endpoint",
            "ctsync.gateway.azure.container", "ctsync.gateway.azure.prefix",
            "ctsync.cluster.kubernetes.lease-prefix", "ctsync.demo.enabled", "ctsync.api.token",
            "ctsync.notify.webhook", "ctsync.notify.webhook.authorization", "ctsync.mask.key", "ctsync.mask.key-id",
            // set by ctsync itself for the routes ({{ctsync.export.scheduled}}); a value written for them is overridden
            "ctsync.export.scheduled", "ctsync.import.scheduled",
            // read by log4j2.xml as a system property (-Dctsync.log.level=DEBUG), not through the configuration
            "ctsync.log.level");

    /** What may follow {@code ctsync.table.<schema>.<table>.}; {@code constant.} and {@code mask.} are followed by a column name. */
    private static final List<String> TABLE_SUFFIXES = List.of("key", "capture", "target", "change-table",
            "sequence-column", "operation-column", "operation-codes", "delete-consumed", "columns", "exclude-columns", "filter",
            "deletes", "deleted-column", "valid-from-column", "valid-to-column");
    private static final List<String> COLUMN_PREFIXES = List.of("constant.", "mask.");

    private KnownKeys() {
    }

    static Set<String> all() {
        Set<String> keys = new TreeSet<>(WITHOUT_DEFAULT);
        Settings.readClasspath("application.properties").keySet().stream().filter(k -> k.startsWith("ctsync.")).forEach(keys::add);
        return keys;
    }

    /**
     * Refuses the first key of the configuration file ctsync does not know, naming the nearest
     * known one; a table key must name a table of {@code ctsync.tables}. System properties and
     * environment variables are only warned about: the JVM and the process environment are shared
     * with the platform and with test harnesses (docs/configuration.md, "Unknown keys").
     */
    static void check(Settings settings, Collection<TableName> tables) {
        Set<String> known = all();
        for (String key : settings.fileKeys()) {
            if (!known.contains(key)) {
                refuseUnknown(settings, key, known, tables);
            }
        }
        for (String key : Settings.systemKeys()) {
            try {
                if (!known.contains(key) && !key.startsWith(Settings.PIPELINES_PREFIX)) {
                    refuseUnknown(settings, key, known, tables);
                }
            } catch (ConfigException unknown) {
                LOG.warn("system property {} is ignored: {}", key, unknown.getMessage());
            }
        }
        warnAboutEnvironment(System.getenv(), known);
    }

    /**
     * Refuses a key naming it as written: a pipeline's own key under {@code ctsync.pipelines.<name>.},
     * with the nearest known key spelled the same way.
     */
    private static void refuseUnknown(Settings settings, String key, Set<String> known, Collection<TableName> tables) {
        String written = settings.asWritten(key);
        String scope = written.substring(0, written.length() - key.length() + "ctsync.".length());
        if (key.startsWith(TABLE_PREFIX)) {
            // a top-level table key is a default for every pipeline listing the table: only a pipeline's own must name one of its tables
            boolean mustNameOwnTable = !settings.isPipelineView() || !written.equals(key);
            checkTableKey(written, scope, key, mustNameOwnTable ? tables : null);
        } else {
            throw new ConfigException(written, "is not a ctsync key", "did you mean " + scope + nearest(key, known).substring("ctsync.".length()) + "?");
        }
    }

    /**
     * {@code key} is the table key under its top-level name; {@code scope} is how its pipeline's
     * keys begin ({@code ctsync.} at the top level); {@code tables} is null when any table will do.
     */
    private static void checkTableKey(String written, String scope, String key, Collection<TableName> tables) {
        TableName.KeyPart part = TableName.parseKey(written, key.substring(TABLE_PREFIX.length()));
        if (part == null) {
            throw new ConfigException(written, "is not " + TABLE_PREFIX + "<schema>.<table>.<setting>",
                    "write for example " + TABLE_PREFIX + "public.orders.key=id");
        }
        if (tables != null && !tables.contains(part.table())) {
            throw new ConfigException(written, "names " + part.table() + ", which is not in " + scope + "tables",
                    "list it in " + scope + "tables or correct the name" + nearestTable(part.table(), tables));
        }
        String suffix = part.suffix();
        boolean column = COLUMN_PREFIXES.stream().anyMatch(p -> suffix.startsWith(p) && suffix.length() > p.length());
        if (!column && !TABLE_SUFFIXES.contains(suffix)) {
            String prefix = written.substring(0, written.length() - suffix.length());
            throw new ConfigException(written, "is not a ctsync key", "did you mean " + prefix + nearest(suffix,
                    Stream.concat(TABLE_SUFFIXES.stream(), COLUMN_PREFIXES.stream().map(p -> p + "<column>")).toList()) + "?");
        }
    }

    private static String nearestTable(TableName table, Collection<TableName> tables) {
        return tables.isEmpty() ? "" : " (nearest listed: " + nearest(table.toString(), tables.stream().map(TableName::toString).toList()) + ")";
    }

    /**
     * A {@code CTSYNC_*} variable that is no known key's environment name is logged, not refused:
     * Kubernetes gives every pod {@code CTSYNC_..._SERVICE_HOST} and {@code _PORT} variables for a
     * Service named ctsync-..., and ctsync must not stop for the platform's variables.
     */
    static void warnAboutEnvironment(Map<String, String> environment, Set<String> known) {
        Map<String, String> names = new java.util.TreeMap<>();
        known.forEach(key -> names.put(Settings.environmentName(key), key));
        for (String variable : new TreeSet<>(environment.keySet())) {
            if (variable.startsWith("CTSYNC_") && !variable.startsWith("CTSYNC_TABLE_") && !names.containsKey(variable)) {
                LOG.warn("environment variable {} is not a ctsync key and is ignored (nearest: {})", variable,
                        nearest(variable, names.keySet()));
            }
        }
    }

    /** The known key with the fewest single-character edits from the given one. */
    static String nearest(String key, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(key, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** Levenshtein distance, one row at a time. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
