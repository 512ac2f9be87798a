package io.ctsync;

import io.ctsync.testing.Contents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code java -jar ctsync.jar --once} with no configuration: the embedded demo writes its first content. */
class DemoTest {

    @TempDir
    Path dir;

    @AfterEach
    void clearOverrides() {
        System.clearProperty("ctsync.gateway.dir");
        System.clearProperty("ctsync.source.url");
        System.clearProperty("ctsync.state.url");
    }

    @Test
    void demoOnceWritesTheShopAsAFullContent() throws Exception {
        System.setProperty("ctsync.gateway.dir", dir.resolve("gateway").toString());
        System.setProperty("ctsync.source.url", "jdbc:h2:file:" + dir.resolve("shop") + ";DATABASE_TO_LOWER=TRUE");
        System.setProperty("ctsync.state.url", "jdbc:h2:file:" + dir.resolve("state"));

        assertThat(Ctsync.run("--once")).isEqualTo(0);

        Contents.Content content = Contents.read(dir.resolve("gateway"), 1);
        assertThat(content.file().getFileName().toString()).isEqualTo("demo_shop_warehouse_0000000001.zip");
        assertThat(content.manifest().tables()).extracting(t -> t.table() + ":" + t.mode() + ":" + t.counts().inserted())
                .containsExactly("public.customer:full:20", "public.product:full:10", "public.order_line:full:30");
        assertThat(content.table("public.order_line").key()).containsExactly("order_id", "line_no");

        assertThat(Ctsync.run("--once")).isEqualTo(0);
        assertThat(Contents.sequences(dir.resolve("gateway"))).as("nothing changed, nothing written").containsExactly(1L);
    }
}
