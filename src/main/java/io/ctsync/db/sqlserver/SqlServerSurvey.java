package io.ctsync.db.sqlserver;

import io.ctsync.db.Dialect;
import io.ctsync.db.Query;
import io.ctsync.db.TrackingSurvey;

import java.util.ArrayList;
import java.util.List;

/**
 * The idle survey: {@code CHANGE_TRACKING_CURRENT_VERSION()} with every table's min valid version,
 * one row per table. The version is the database's, not a table's: whether a table changed is
 * left to the comparison with the version it was read up to (a NULL {@code changed}), so one
 * change anywhere sends every table to its per-table count, and a quiet database costs this
 * statement alone. A table's {@code sys.tables.modify_date}, which every ALTER TABLE moves, stands for
 * its shape: a shape changed by a statement that touched no row is noticed all the same.
 */
final class SqlServerSurvey {

    private SqlServerSurvey() {
    }

    static Query of(Dialect dialect, List<TrackingSurvey.Since> tables) {
        List<String> rows = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            rows.add("(" + (i + 1) + ", ?)");
            parameters.add(new Query.NationalText(dialect.table(tables.get(i).table())));
        }
        String sql = "SELECT t.n, CHANGE_TRACKING_CURRENT_VERSION(), NULL, (" + SqlServerSql.IDENTITY + "),"
                + " CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID(t.name)), NULL,"
                + " (SELECT CONVERT(nvarchar(33), st.modify_date, 126) FROM sys.tables AS st WHERE st.object_id = OBJECT_ID(t.name))"
                + " FROM (VALUES " + String.join(", ", rows) + ") AS t (n, name)";
        return new Query(sql, parameters);
    }
}
