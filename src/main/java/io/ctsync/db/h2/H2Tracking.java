package io.ctsync.db.h2;

import io.ctsync.db.TableInfo;
import io.ctsync.db.installed.InstalledTracking;
import io.ctsync.db.installed.VersionIndex;

import java.util.ArrayList;
import java.util.List;

import static io.ctsync.db.installed.TrackingTables.SCHEMA;
import static io.ctsync.db.installed.TrackingTables.literal;

/** ctsync's tracking on H2: a row trigger per operation ({@link H2TrackingTrigger}) and the clock. */
final class H2Tracking extends InstalledTracking implements H2Sql {

    H2Tracking() {
        super(VersionIndex.PLAIN);
    }

    @Override
    public List<String> enableTracking(TableInfo table) {
        List<String> statements = new ArrayList<>();
        statements.add("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
        statements.add("CREATE TABLE IF NOT EXISTS " + CLOCK + " (id INT PRIMARY KEY, version BIGINT NOT NULL)");
        statements.add("INSERT INTO " + CLOCK + " SELECT 1, 0 WHERE NOT EXISTS (SELECT 1 FROM " + CLOCK + ")");
        statements.add(registryStatement("TIMESTAMP WITH TIME ZONE"));
        statements.addAll(trackingTableStatements(table, "BIGINT", "TIMESTAMP WITH TIME ZONE"));
        for (String event : List.of("INSERT", "UPDATE", "DELETE")) {
            statements.add("CREATE TRIGGER IF NOT EXISTS " + quote(table.name().schema()) + "."
                    + quote("ctsync_track_" + event.toLowerCase(java.util.Locale.ROOT) + "_" + table.name().table())
                    + " AFTER " + event + " ON " + table(table.name()) + " FOR EACH ROW CALL "
                    + literal(H2TrackingTrigger.class.getName()));
        }
        return statements;
    }
}
