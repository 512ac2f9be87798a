package io.ctsync.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;

/** The databases a test opens, each dropped after the test however it ended ({@code @RegisterExtension}). */
public final class TestDatabases implements AfterEachCallback {

    private final List<TestDatabase> opened = new ArrayList<>();

    /** A new empty database of the kind ({@code postgresql} or {@code h2}), see {@link TestDatabase#of}. */
    public TestDatabase open(String kind) throws Exception {
        TestDatabase database = TestDatabase.of(kind);
        opened.add(database);
        return database;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (TestDatabase database : opened) {
            database.close();
        }
        opened.clear();
    }
}
