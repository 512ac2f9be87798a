package io.ctsync.importing;

import io.ctsync.testing.Contents;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ctsync.tables=public."Order Line"} and a table key written with the same quoted name
 * ({@code ctsync.table.public."Order Line".target}) export and import that table end to end.
 */
@Tag("postgres")
class QuotedNamesTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "h2"})
    void aQuotedTableNameIsExportedAndImported(String kind) throws Exception {
        try (TestDatabase source = TestDatabase.of(kind); TestDatabase target = TestDatabase.of(kind)) {
            source.execute("CREATE TABLE public.\"Order Line\" (\"Line No\" INT PRIMARY KEY, sku VARCHAR(20))",
                    "INSERT INTO public.\"Order Line\" VALUES (1, 'a-1'), (2, 'b-2')");
            target.execute("CREATE TABLE public.\"Order \"\"Line\"\" Copy\" (\"Line No\" INT PRIMARY KEY, sku VARCHAR(20))");
            CtsyncRun ctsync = new CtsyncRun(Files.createDirectories(dir.resolve("run")), source.properties("source"));
            target.properties("target").forEach(ctsync::set);
            ctsync.set("ctsync.application", "quoted").set("ctsync.source.name", "src").set("ctsync.destination.name", "dst")
                    .set("ctsync.state.url", "jdbc:h2:file:" + dir.resolve("state"))
                    .set("ctsync.gateway.dir", dir.resolve("gateway").toString())
                    .set("ctsync.tables", "public.\"Order Line\"")
                    .set("ctsync.table.public.\"Order Line\".target", "[public].[Order \"Line\" Copy]")
                    .set("ctsync.import.enabled", "true")
                    // PostgreSQL takes the bulk path (COPY, quoted names in the work table too), H2 has none
                    .set("ctsync.import.bulk-rows", "1");
            ctsync.enableTracking();
            ctsync.once();
            source.execute("UPDATE public.\"Order Line\" SET sku = 'a-9' WHERE \"Line No\" = 1",
                    "DELETE FROM public.\"Order Line\" WHERE \"Line No\" = 2");
            ctsync.once();
            ctsync.once();

            assertThat(Contents.sequences(dir.resolve("gateway"))).containsExactly(1L, 2L);
            assertThat(target.query("SELECT \"Line No\", sku FROM public.\"Order \"\"Line\"\" Copy\""))
                    .containsExactly(List.of(1, "a-9"));
        }
    }
}
