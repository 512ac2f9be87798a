package io.ctsync;

import io.ctsync.db.register.DatabasePool;
import io.ctsync.config.ConfigException;
import io.ctsync.config.PipelineConfig;
import io.ctsync.config.CtsyncConfig;
import io.ctsync.db.register.DataSources;
import io.ctsync.config.Database;
import io.ctsync.config.TableMapping;
import io.ctsync.db.h2.H2Files;
import io.ctsync.exporting.ExportedTables;
import io.ctsync.failure.Failures;
import io.ctsync.gateway.GatewayType;
import io.ctsync.gateway.LocalDirectory;
import io.ctsync.importing.Importer;
import io.ctsync.presence.PresenceLookup;
import io.ctsync.state.Pipeline;
import io.ctsync.state.StateStore;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --check} (docs/operations.md, "Command line"): the start-up checks of source, target, state and
 * gateway, one line each ({@code ok role: where (what was found)} or {@code FAILED role: where:
 * the problem (fix: ...)}), without writing anything anywhere: no state schema, no import log, no
 * gateway directory or container, no H2 database file. Exit 0 when every check passed, 2 otherwise.
 */
final class Check {

    /** A check that reads and says what it found, or throws the problem. */
    private interface Step {
        String run() throws Exception;
    }

    private final CtsyncConfig config;
    private final PrintStream out;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private boolean failed;

    Check(CtsyncConfig config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    /** Checks each pipeline in turn, under a line naming it when there are several; 2 if any check failed. */
    static int all(List<PipelineConfig> pipelines, PrintStream out) throws Exception {
        int exit = 0;
        for (PipelineConfig pipeline : pipelines) {
            if (pipelines.size() > 1) {
                out.println("pipeline " + pipeline.name() + ":");
            }
            exit = Math.max(exit, new Check(pipeline.config(), out).run());
        }
        return exit;
    }

    int run() throws Exception {
        try {
            out.println("ok configuration: " + config.tables().size() + " tables, export " + onOff(config.export().enabled())
                    + ", import " + onOff(config.importing().enabled()));
            Optional<DatabasePool> target = config.usesTarget() ? open(config.target()) : Optional.empty();
            if (config.export().enabled() && config.source() != null) {
                open(config.source()).ifPresent(source -> check(config.source(), () -> describe(source) + ", " + source(source,
                        target.orElse(null))));
            }
            target.ifPresent(dataSource -> check(config.target(), () -> describe(dataSource) + ", " + target(dataSource)));
            Optional<Path> stateFile = H2Files.databaseFile(config.state().url()).filter(file -> !Files.exists(file));
            if (stateFile.isPresent()) {
                check(config.state(), () -> "no state yet: created at the first run as " + stateFile.get() + " in "
                        + LocalDirectory.check(stateFile.get().getParent()));
            } else {
                open(config.state()).ifPresent(state -> check(config.state(), () -> describe(state) + ", " + StateStore.checkSchema(state)));
            }
            step("gateway", config.gateway().type(), () -> GatewayType.of(config.gateway()).check(config.gateway()));
            return failed ? Ctsync.EXIT_CONFIG : 0;
        } finally {
            for (AutoCloseable resource : opened) {
                resource.close();
            }
        }
    }

    private String source(DatabasePool source, DatabasePool target) throws SQLException {
        new ExportedTables(config.tables(), Pipeline.of(config)).checkSource(source, target);
        Map<String, Integer> modes = new LinkedHashMap<>();
        config.tables().stream().map(TableMapping::capture).forEach(mode -> modes.merge(mode.key(), 1, Integer::sum));
        List<String> counts = new ArrayList<>();
        modes.forEach((mode, count) -> counts.add(count + (count == 1 ? " table " : " tables ") + mode));
        return String.join(", ", counts) + " ready";
    }

    private String target(DatabasePool target) throws SQLException {
        List<String> found = new ArrayList<>();
        if (config.export().enabled() && config.export().presence()) {
            PresenceLookup.check(target);
            found.add("presence lookups ready");
        }
        if (config.importing().enabled()) {
            Importer.checkTarget(config, target);
            found.add(config.tables().size() + " target tables ready for import");
        }
        return found.isEmpty() ? "read by compare" : String.join(", ", found);
    }

    /** A pool on the database, or empty after a FAILED line. No pool is opened on an embedded H2 file that does not exist: that would create it. */
    private Optional<DatabasePool> open(Database database) {
        Optional<Path> missing = H2Files.databaseFile(database.url()).filter(file -> !Files.exists(file));
        if (missing.isPresent()) {
            failed(database.role(), database.safeUrl(), new ConfigException("ctsync." + database.role() + ".url", "there is no H2 database "
                    + missing.get(), "point the URL at the existing database file"));
            return Optional.empty();
        }
        try {
            Database readOnly = new Database(database.role(), H2Files.readOnly(database.url()), database.username(), database.password());
            DatabasePool dataSource = DataSources.open(readOnly, 2);
            opened.add(dataSource);
            return Optional.of(dataSource);
        } catch (RuntimeException e) {
            failed(database.role(), database.safeUrl(), e);
            return Optional.empty();
        }
    }

    private void check(Database database, Step step) {
        step(database.role(), database.safeUrl(), step);
    }

    private void step(String role, String where, Step step) {
        try {
            out.println("ok " + role + ": " + where + " (" + step.run() + ")");
        } catch (Exception e) {
            failed(role, where, e);
        }
    }

    private void failed(String role, String where, Exception e) {
        failed = true;
        out.println("FAILED " + role + ": " + where + ": " + Failures.oneLine(e));
    }

    private static String describe(DatabasePool dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData metadata = connection.getMetaData();
            return metadata.getDatabaseProductName() + " " + metadata.getDatabaseMajorVersion() + "." + metadata.getDatabaseMinorVersion();
        }
    }

    private static String onOff(boolean enabled) {
        return enabled ? "on" : "off";
    }
}
