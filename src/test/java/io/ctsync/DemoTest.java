package io.ctsync;

import io.ctsync.testing.Contents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code java -jar ctsync.jar --once} with no configuration: the embedded demo exports its first content and imports it. */
@Tag("h2")
class DemoTest {

    @TempDir
    Path dir;

    @AfterEach
    void clearOverrides() {
        System.clearProperty("ctsync.gateway.dir");
        System.clearProperty("ctsync.source.url");
        System.clearProperty("ctsync.state.url");
        System.clearProperty("ctsync.target.url");
    }

    @Test
    void demoOnceWritesTheShopAsAFullContent() throws Exception {
        System.setProperty("ctsync.gateway.dir", dir.resolve("gateway").toString());
        System.setProperty("ctsync.source.url", "jdbc:h2:file:" + dir.resolve("shop") + ";DATABASE_TO_LOWER=TRUE");
        System.setProperty("ctsync.state.url", "jdbc:h2:file:" + dir.resolve("state"));
        System.setProperty("ctsync.target.url", "jdbc:h2:file:" + dir.resolve("warehouse") + ";DATABASE_TO_LOWER=TRUE");

        assertThat(Ctsync.run("--once")).isEqualTo(0);

        Contents.Content content = Contents.read(dir.resolve("gateway"), 1);
        assertThat(content.file().getFileName().toString()).isEqualTo("demo_shop_warehouse_0000000001.zip");
        assertThat(content.manifest().tables()).extracting(t -> t.table() + ":" + t.mode() + ":" + t.counts().inserted())
                .containsExactly("public.customer:full:20", "public.product:full:10", "public.order_line:full:30");
        assertThat(content.table("public.order_line").key()).containsExactly("order_id", "line_no");
        assertThat(content.table("public.customer").counts().missing()).as("the warehouse starts empty").isEqualTo(20);
        try (Connection warehouse = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("warehouse") + ";DATABASE_TO_LOWER=TRUE");
             Statement statement = warehouse.createStatement();
             ResultSet rs = statement.executeQuery("SELECT (SELECT COUNT(*) FROM public.customer), (SELECT COUNT(*) FROM public.order_line),"
                     + " (SELECT MAX(sequence) FROM ctsync_import_log WHERE status = 'ok')")) {
            rs.next();
            assertThat(List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3))).as("imported into the warehouse").containsExactly(20L, 30L, 1L);
        }

        assertThat(Ctsync.run("--once")).isEqualTo(0);
        assertThat(Contents.sequences(dir.resolve("gateway"))).as("nothing changed, nothing written").containsExactly(1L);
    }
}
