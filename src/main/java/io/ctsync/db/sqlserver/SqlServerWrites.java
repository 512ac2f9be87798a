package io.ctsync.db.sqlserver;

import io.ctsync.config.TableName;
import io.ctsync.db.Dialect;
import io.ctsync.db.ScratchTable;
import io.ctsync.db.TargetShape;

import java.util.List;
import java.util.stream.Collectors;

/** The T-SQL that writes a target table: MERGE, DELETE by a VALUES table, the #temporary key table, IDENTITY_INSERT. */
final class SqlServerWrites {

    private final Dialect dialect;

    SqlServerWrites(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * A MERGE of many rows. HOLDLOCK keeps the key range locked from the match to the insert, so that
     * two writers of the same new key cannot both decide to insert it. Identity columns are inserted
     * (under IDENTITY_INSERT, see {@link #identityInsert}) and never updated.
     */
    String upsert(TargetShape table, List<String> columns, List<String> key, int rows) {
        List<String> parameters = dialect.parameters(table.columnsNamed(columns));
        return merge(table, columns, key, "(VALUES " + Dialect.parameterRows(parameters, rows) + ") AS s (" + dialect.columnList(null, columns) + ")");
    }

    /** The MERGE of {@link #upsert} from {@code source}: a table expression with its alias {@code s}, holding {@code columns}. */
    String merge(TargetShape table, List<String> columns, List<String> key, String source) {
        List<String> others = columns.stream().filter(c -> !key.contains(c) && !table.identity().contains(c)).toList();
        StringBuilder sql = new StringBuilder("MERGE INTO ").append(dialect.table(table.name())).append(" WITH (HOLDLOCK) AS t USING ")
                .append(source).append(" ON ").append(keyJoin(key, "t", "s"));
        if (!others.isEmpty()) {
            sql.append(" WHEN MATCHED THEN UPDATE SET ")
                    .append(others.stream().map(c -> "t." + dialect.quote(c) + " = s." + dialect.quote(c)).collect(Collectors.joining(", ")));
        }
        return sql.append(" WHEN NOT MATCHED THEN INSERT (").append(dialect.columnList(null, columns)).append(") VALUES (")
                .append(dialect.columnList("s", columns)).append(");").toString();
    }

    /**
     * Session settings around the upserts of a table that write its IDENTITY column. One table of a
     * session may have it ON at a time, and it needs ALTER on the table (checked at start-up).
     */
    List<String> identityInsert(TableName table, boolean allow) {
        return List.of("SET IDENTITY_INSERT " + dialect.table(table) + (allow ? " ON" : " OFF"));
    }

    /** SQL Server has no row value IN: the keys are a VALUES table joined to the target. */
    String delete(TargetShape table, List<String> key, int rows) {
        List<String> parameters = dialect.parameters(table.columnsNamed(key));
        return "DELETE t FROM " + dialect.table(table.name()) + " AS t INNER JOIN (VALUES " + Dialect.parameterRows(parameters, rows)
                + ") AS d (" + dialect.columnList(null, key) + ") ON " + keyJoin(key, "t", "d");
    }

    /** The soft delete of {@link #delete}'s rows that are not deleted yet: the deletion time's parameter, then the keys. */
    String softDelete(TargetShape table, List<String> key, String deletedColumn, int rows) {
        List<String> parameters = dialect.parameters(table.columnsNamed(key));
        String deleted = "t." + dialect.quote(deletedColumn);
        return "UPDATE t SET " + deleted + " = " + dialect.parameter(table.column(deletedColumn)) + " FROM " + dialect.table(table.name())
                + " AS t INNER JOIN (VALUES " + Dialect.parameterRows(parameters, rows) + ") AS d (" + dialect.columnList(null, key) + ") ON "
                + keyJoin(key, "t", "d") + " WHERE " + deleted + " IS NULL";
    }

    /**
     * A #temporary table, which lives as long as the session: it is dropped first in case an
     * earlier import on this pooled connection left it. SELECT ... INTO copies each key column's
     * type and collation, so that joining it to the table compares like with like; the join to
     * nothing keeps SELECT ... INTO from copying an IDENTITY property, which would refuse the keys.
     */
    ScratchTable keyTable(int number, TableName like, List<String> key) {
        String name = dialect.quote("#ctsync_keys_" + number);
        return new ScratchTable(name, List.of("DROP TABLE IF EXISTS " + name,
                "SELECT TOP (0) " + dialect.columnList("t", key) + " INTO " + name + " FROM " + dialect.table(like)
                        + " AS t LEFT JOIN (VALUES (0)) AS no_identity (n) ON 1 = 0"));
    }

    String keyJoin(List<String> key, String left, String right) {
        return key.stream().map(k -> left + "." + dialect.quote(k) + " = " + right + "." + dialect.quote(k)).collect(Collectors.joining(" AND "));
    }
}
