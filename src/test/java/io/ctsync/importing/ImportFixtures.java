package io.ctsync.importing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The import fixtures a test opens, each dropped after the test however it ended ({@code @RegisterExtension}). */
final class ImportFixtures implements AfterEachCallback {

    private final List<ImportFixture> opened = new ArrayList<>();

    ImportFixture open(String kind, Path dir) throws Exception {
        ImportFixture fixture = new ImportFixture(kind, dir);
        opened.add(fixture);
        return fixture;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (ImportFixture fixture : opened) {
            fixture.close();
        }
        opened.clear();
    }
}
