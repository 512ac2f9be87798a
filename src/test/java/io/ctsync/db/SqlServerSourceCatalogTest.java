package io.ctsync.db;

import io.ctsync.config.CaptureMode;
import io.ctsync.config.TableMapping;
import io.ctsync.config.TableName;
import io.ctsync.db.sqlserver.SqlServerType;
import io.ctsync.testing.RecordingConnection.CatalogColumn;
import io.ctsync.testing.SqlServerTestDataSource;
import io.ctsync.values.Column;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Types;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A source table named outside the database's code page (docs/sqlserver.md, defect 4): mssql-jdbc's
 * {@code DatabaseMetaData} binds the name as varchar, so 表 arrives as ? and the table "does not
 * exist in the source"; the source reads its columns and primary key from {@code sys.columns} and
 * {@code sys.indexes} with the name bound as nvarchar, as the target does.
 */
@Tag("unit")
class SqlServerSourceCatalogTest {

    @Test
    void aSourceTableNamedOutsideTheCodePageIsDescribedFromTheCatalogViews() throws Exception {
        TableName books = new TableName("dbo", "bücher表");
        SqlServerTestDataSource source = new SqlServerTestDataSource().table("dbo", "bücher表", List.of("id"),
                CatalogColumn.of("id", Types.INTEGER, "int"), CatalogColumn.of("title", Types.NVARCHAR, "nvarchar").precision(50, 0));
        TableMapping mapping = new TableMapping(books, List.of(), CaptureMode.CHANGE_TRACKING, books, Map.of());

        TableInfo described;
        try (Connection connection = source.recording().connection()) {
            described = Catalog.describe(connection, new SqlServerType().source(), mapping);
        }

        assertThat(described.columns()).extracting(Column::name).containsExactly("id", "title");
        assertThat(described.key()).containsExactly("id");
        assertThat(String.join("\n", source.recording().log())).doesNotContain("DatabaseMetaData").contains("N'[dbo].[bücher表]'");
    }
}
