package io.ctsync.db.sqlserver;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mssql-jdbc settings ctsync needs, whatever the configured URL says: they are removed from the
 * URL and appended with ctsync's values.
 * <ul>
 * <li>{@code sendTimeAsDatetime=false}: otherwise the driver sends a time value as a
 * {@code datetime}, rounded to 1/300 s, and a {@code time(7)} column loses its digits.</li>
 * <li>{@code sendStringParametersAsUnicode=false}: otherwise every string parameter is an
 * {@code nvarchar}, and a {@code varchar} key column compared with it is converted row by row (an
 * index scan, and range locks under MERGE's HOLDLOCK). N-type columns are bound as
 * {@code NVARCHAR} explicitly (setNString, or their JDBC type) so that they keep every character.</li>
 * <li>{@code cacheBulkCopyMetadata=false}: a cached bulk-copy column list would outlive a change of
 * the target table's columns.</li>
 * <li>{@code datetimeParameterType=datetime2}: as {@code datetime} a timestamp parameter is rounded
 * to 1/300 s, as {@code datetimeoffset} it compares in another type than its column.</li>
 * <li>{@code lastUpdateCount=true}: the update count ctsync reads is its statement's, not one of a
 * trigger that fired.</li>
 * <li>{@code responseBuffering=adaptive}: with {@code full} the driver reads a whole result into the heap
 * before the first row, and a max-type value whole; adaptive, it reads rows and streamed values as they are used.</li>
 * </ul>
 * A URL that sets one of these otherwise is overridden, logged once at INFO naming the setting only
 * (never the URL, which may hold a password).
 */
public final class SqlServerConnectionSettings {

    private static final Logger LOG = LoggerFactory.getLogger(SqlServerConnectionSettings.class);
    private static final Map<String, String> ENFORCED = new LinkedHashMap<>();

    static {
        ENFORCED.put("sendTimeAsDatetime", "false");
        ENFORCED.put("sendStringParametersAsUnicode", "false");
        ENFORCED.put("cacheBulkCopyMetadata", "false");
        ENFORCED.put("datetimeParameterType", "datetime2");
        ENFORCED.put("lastUpdateCount", "true");
        ENFORCED.put("responseBuffering", "adaptive");
    }
    private static final String PREFIX = "jdbc:sqlserver:";

    private SqlServerConnectionSettings() {
    }

    public static boolean isSqlServer(String url) {
        return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /** The URL without any setting of ctsync's own, then ctsync's: {@code ;sendTimeAsDatetime=false;...}. */
    public static String enforce(String url) {
        List<String> kept = new ArrayList<>();
        List<String> overridden = new ArrayList<>();
        for (String part : split(url)) {
            String name = part.contains("=") ? part.substring(0, part.indexOf('=')).trim() : "";
            String value = part.substring(part.indexOf('=') + 1).trim();
            String enforcedName = ENFORCED.keySet().stream().filter(k -> k.equalsIgnoreCase(name)).findFirst().orElse(null);
            if (kept.isEmpty() || enforcedName == null) {
                kept.add(part);
            } else if (!ENFORCED.get(enforcedName).equalsIgnoreCase(value)) {
                overridden.add(enforcedName + "=" + value);
            }
        }
        if (!overridden.isEmpty()) {
            LOG.info("SQL Server URL settings {} overridden: ctsync connects with {}", overridden, ENFORCED);
        }
        StringBuilder enforced = new StringBuilder(String.join(";", kept.stream().filter(p -> !p.isBlank()).toList()));
        ENFORCED.forEach((name, value) -> enforced.append(';').append(name).append('=').append(value));
        return enforced.toString();
    }

    /** The URL's parts between semicolons; a value in braces may hold semicolons, and {@code }}} is a brace inside it. */
    private static List<String> split(String url) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean braced = false;
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (braced && c == '}') {
                if (i + 1 < url.length() && url.charAt(i + 1) == '}') {
                    part.append(c);
                    i++;
                } else {
                    braced = false;
                }
            } else if (!braced && c == '{') {
                braced = true;
            } else if (!braced && c == ';') {
                parts.add(part.toString());
                part.setLength(0);
                continue;
            }
            part.append(c);
        }
        parts.add(part.toString());
        return parts;
    }
}
