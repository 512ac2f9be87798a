package io.ctsync.importing;

import io.ctsync.values.ColumnType;
import io.ctsync.values.Column;
import io.ctsync.db.sqlserver.SqlServerTypes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With sendStringParametersAsUnicode=false SQL Server's driver sends a string bound by setString
 * in the database's code page: an N-type column's value must go through setNString to keep every
 * character; a varchar column's through setString, so that its index is used.
 */
@Tag("unit")
class NationalColumnsTest {

    private static List<String> bindings(Column column, Object value) throws Exception {
        List<String> calls = new ArrayList<>();
        PreparedStatement statement = (PreparedStatement) Proxy.newProxyInstance(NationalColumnsTest.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (p, method, args) -> {
                    calls.add(method.getName() + " " + args[1]);
                    return null;
                });
        ColumnType.of(column, new SqlServerTypes()).bindValue(statement, 1, value);
        return calls;
    }

    @Test
    void nTypeColumnsAreBoundAsNvarcharAndOthersAsThemselves() throws Exception {
        assertThat(bindings(new Column("name", Types.NVARCHAR, "nvarchar"), "表 ✓")).containsExactly("setNString 表 ✓");
        assertThat(bindings(new Column("code", Types.NCHAR, "nchar"), "ä")).containsExactly("setNString ä");
        assertThat(bindings(new Column("sku", Types.VARCHAR, "varchar"), "A-1")).containsExactly("setString A-1");
    }
}
