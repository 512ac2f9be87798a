package io.ctsync.db.sqlserver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * </ul>
 */
public final class SqlServerConnectionSettings {

    private static final Map<String, String> ENFORCED = new LinkedHashMap<>();

    static {
        ENFORCED.put("sendTimeAsDatetime", "false");
        ENFORCED.put("sendStringParametersAsUnicode", "false");
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
        for (String part : split(url)) {
            String name = part.contains("=") ? part.substring(0, part.indexOf('=')).trim().toLowerCase(Locale.ROOT) : "";
            if (kept.isEmpty() || ENFORCED.keySet().stream().noneMatch(k -> k.toLowerCase(Locale.ROOT).equals(name))) {
                kept.add(part);
            }
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
