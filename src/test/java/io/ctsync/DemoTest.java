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
import java.util.ArrayList;
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
    void demoOnceWritesTheShopAsOneBackfillChunkPerTable() throws Exception {
        System.setProperty("ctsync.gateway.dir", dir.resolve("gateway").toString());
        System.setProperty("ctsync.source.url", "jdbc:h2:file:" + dir.resolve("shop") + ";DATABASE_TO_LOWER=TRUE");
        System.setProperty("ctsync.state.url", "jdbc:h2:file:" + dir.resolve("state"));
        System.setProperty("ctsync.target.url", "jdbc:h2:file:" + dir.resolve("warehouse") + ";DATABASE_TO_LOWER=TRUE");

        assertThat(Ctsync.run("--once")).isEqualTo(0);

        // the first run is a backfill: each table, smaller than a chunk, is one range content holding it whole
        assertThat(Contents.sequences(dir.resolve("gateway"))).containsExactly(1L, 2L, 3L);
        List<String> chunks = new ArrayList<>();
        for (long sequence = 1; sequence <= 3; sequence++) {
            Contents.Content content = Contents.read(dir.resolve("gateway"), sequence);
            assertThat(content.file().getFileName().toString()).isEqualTo("demo_shop_warehouse_000000000" + sequence + ".zip");
            content.manifest().tables().forEach(t -> chunks.add(t.table() + ":" + t.mode() + ":" + t.counts().inserted() + ":" + t.from() + ".." + t.to()));
        }
        assertThat(chunks).containsExactly("public.customer:range:20:null..null", "public.product:range:10:null..null",
                "public.order_line:range:30:null..null");
        assertThat(Contents.read(dir.resolve("gateway"), 3).table("public.order_line").key()).containsExactly("order_id", "line_no");
        assertThat(Contents.read(dir.resolve("gateway"), 1).table("public.customer").counts().missing()).as("the warehouse starts empty")
                .isEqualTo(20);
        try (Connection warehouse = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("warehouse") + ";DATABASE_TO_LOWER=TRUE");
             Statement statement = warehouse.createStatement();
             ResultSet rs = statement.executeQuery("SELECT (SELECT COUNT(*) FROM public.customer), (SELECT COUNT(*) FROM public.order_line),"
                     + " (SELECT MAX(sequence) FROM ctsync_import_log WHERE status = 'ok')")) {
            rs.next();
            assertThat(List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3))).as("imported into the warehouse").containsExactly(20L, 30L, 3L);
        }

        assertThat(Ctsync.run("--once")).isEqualTo(0);
        assertThat(Contents.sequences(dir.resolve("gateway"))).as("nothing changed, nothing written").containsExactly(1L, 2L, 3L);
    }
}
