package io.ctsync.config;

import java.util.List;
import java.util.Map;

/**
 * How one source table is exported: its mapping key (empty: the table's primary key), how its
 * changes are captured, the target table it maps to, and an optional constant auxiliary key
 * column that scopes the rows of this source in a consolidated target.
 */
public record TableMapping(TableName source, List<String> key, CaptureMode capture, TableName target,
                           Map<String, String> constants) {

    public String prefix() {
        return "ctsync.table." + source + ".";
    }
}
