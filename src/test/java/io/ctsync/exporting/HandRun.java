package io.ctsync.exporting;

import com.zaxxer.hikari.HikariDataSource;
import io.ctsync.config.CtsyncConfig;
import io.ctsync.config.DataSources;
import io.ctsync.config.Settings;
import io.ctsync.gateway.FileGateway;
import io.ctsync.gateway.Gateway;
import io.ctsync.monitoring.Metrics;
import io.ctsync.packaging.ContentName;
import io.ctsync.packaging.Manifest;
import io.ctsync.state.StateStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Exporters wired as the command line wires them, whose stages a test runs by hand in the
 * route's order and stops anywhere, as a dying process would.
 */
final class HandRun implements AutoCloseable {

    private final List<AutoCloseable> pools = new ArrayList<>();

    Exporter exporter(Map<String, String> properties, Gateway gateway) throws Exception {
        CtsyncConfig config = CtsyncConfig.from(Settings.of(properties));
        HikariDataSource source = DataSources.open(config.source(), 3);
        pools.add(source);
        HikariDataSource state = DataSources.open(config.state(), 2);
        pools.add(state);
        return new Exporter(config, source, null, new StateStore(state), gateway, new Metrics(new SimpleMeterRegistry()));
    }

    /** The stages from open-window to package: the contents are staged, nothing is published. */
    static ExportCycle untilPackaged(Exporter exporter) throws Exception {
        ExportCycle cycle = exporter.openWindow();
        exporter.readChanges(cycle);
        exporter.splitByOperation(cycle);
        exporter.lookupPresence(cycle);
        return exporter.pack(cycle);
    }

    /** A file gateway whose process dies when it is asked for its {@code n}-th staging file. */
    static Gateway dyingAtStagingFile(FileGateway files, int n) {
        AtomicInteger asked = new AtomicInteger();
        return new Gateway() {
            @Override
            public Path stagingFile(ContentName name) throws IOException {
                if (asked.incrementAndGet() == n) {
                    throw new IOException("simulated death while writing part " + n);
                }
                return files.stagingFile(name);
            }

            @Override
            public Path workDirectory() throws IOException {
                return files.workDirectory();
            }

            @Override
            public boolean isPublished(ContentName name) {
                return files.isPublished(name);
            }

            @Override
            public void publish(ContentName name, Path staged, Manifest manifest) throws IOException {
                files.publish(name, staged, manifest);
            }

            @Override
            public List<ContentName> list(String application, String source, String destination) throws IOException {
                return files.list(application, source, destination);
            }

            @Override
            public Path fetch(ContentName name) {
                return files.fetch(name);
            }

            @Override
            public String describe() {
                return "dying " + files.describe();
            }
        };
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable pool : pools) {
            pool.close();
        }
    }
}
