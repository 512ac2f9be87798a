package io.ctsync.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.List;

/**
 * The databases a test opens, and the fixtures holding databases of their own, each dropped after
 * the test however it ended ({@code @RegisterExtension}).
 */
public final class TestDatabases implements AfterEachCallback {

    private final List<AutoCloseable> opened = new ArrayList<>();

    /** A new empty database of the kind ({@code postgresql} or {@code h2}), see {@link TestDatabase#of}. */
    public TestDatabase open(String kind) throws Exception {
        return dropAfter(TestDatabase.of(kind));
    }

    /** {@code fixture}, closed (its databases dropped) after the test. */
    public <T extends AutoCloseable> T dropAfter(T fixture) {
        opened.add(fixture);
        return fixture;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (AutoCloseable fixture : opened) {
            fixture.close();
        }
        opened.clear();
    }
}
