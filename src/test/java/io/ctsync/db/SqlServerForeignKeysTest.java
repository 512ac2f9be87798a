package io.ctsync.db;

import io.ctsync.config.TableName;
import io.ctsync.db.sqlserver.SqlServerType;
import io.ctsync.testing.RecordingConnection;
import io.ctsync.testing.SqlSnapshot;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The T-SQL by which the SQL Server dialect learns a target table's foreign keys, kept as a
 * reviewed snapshot and parsed by JSqlParser as written; and how it reads Msg 547. No SQL Server
 * runs here: the order these keys decide is proven on PostgreSQL and H2 (ForeignKeyImportTest).
 */
@Tag("unit")
class SqlServerForeignKeysTest {

    private static final DatabaseType SQL_SERVER = new SqlServerType();
    private static final TargetDialect TARGET = SQL_SERVER.target();
    private static final TableName ORDER_LINES = new TableName("sales", "order_lines");

    @Test
    void theCatalogQueryMatchesTheReviewedSnapshotAndParses() throws Exception {
        RecordingConnection recording = new RecordingConnection(new RecordingConnection.Answers(1, 1, "order_lines"));
        List<ForeignKey> keys = TARGET.foreignKeys(recording.connection(), ORDER_LINES);
        StringBuilder text = new StringBuilder("-- foreignKeys\n");
        recording.log().forEach(line -> text.append(line).append('\n'));
        text.append("returns ").append(keys).append('\n');
        SqlSnapshot.check("sqlserver/foreign_keys.sql", text.toString());

        assertThat(recording.statements()).hasSize(1);
        CCJSqlParserUtil.parse(recording.statements().get(0), parser -> parser.withSquareBracketQuotation(true));
        assertThat(recording.statements().get(0)).contains("fk.is_disabled = 0").contains("OBJECT_ID(?)");
    }

    @Test
    void msg547IsAForeignKeyViolationInOneLine() {
        SQLException conflict = new SQLException("The INSERT statement conflicted with the FOREIGN KEY constraint \"sale_product_fk\"."
                + " The conflict occurred in database \"shop\", table \"dbo.product\", column 'id'.", "23000", 547);
        SQLException batch = new java.sql.BatchUpdateException("batch", "23000", 0, new int[0], null);
        batch.setNextException(conflict);
        assertThat(TARGET.foreignKeyViolation(batch)).contains(conflict.getMessage());
        assertThat(TARGET.foreignKeyViolation(new SQLException("Violation of PRIMARY KEY constraint", "23000", 2627))).isEmpty();
    }
}
