package io.ctsync.verify;

import io.ctsync.capture.CaptureCycle;
import io.ctsync.capture.CompareCapture;
import io.ctsync.config.ConfigException;
import io.ctsync.config.CtsyncConfig;
import io.ctsync.config.Database;
import io.ctsync.config.PipelineConfig;
import io.ctsync.config.TableMapping;
import io.ctsync.db.Catalog;
import io.ctsync.db.SourceDialect;
import io.ctsync.db.TableInfo;
import io.ctsync.db.h2.H2Files;
import io.ctsync.db.register.DataSources;
import io.ctsync.db.register.DatabasePool;
import io.ctsync.state.Pipeline;

import java.io.PrintStream;
import io.ctsync.masking.ColumnMasks;
import io.ctsync.values.Column;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --verify} (docs/operations.md, "Verify"): every table of every pipeline compared, source
 * against target, reading only: the databases through read-only connections and transactions, the
 * state without creating or upgrading it, the gateway not at all. One block per table, then one
 * summary line; exit 0 when every table is equal (keys in flight aside), 3 when one is not.
 */
public final class Verify {

    public static final int EXIT_DIFFERENT = 3;

    private final PrintStream out;
    private int tables;
    private int differingTables;
    private long missing;
    private long extra;
    private long different;
    private long inFlight;

    private Verify(PrintStream out) {
        this.out = out;
    }

    public static int all(List<PipelineConfig> pipelines, PrintStream out) throws SQLException {
        Verify verify = new Verify(out);
        for (PipelineConfig pipeline : pipelines) {
            if (pipelines.size() > 1) {
                out.println("pipeline " + pipeline.name() + ":");
            }
            try {
                verify.pipeline(pipeline.config());
            } catch (ConfigException refusal) {
                throw pipelines.size() > 1 ? ConfigException.inPipeline(pipeline.name(), refusal) : refusal;
            }
        }
        out.println(verify.summary(pipelines.size()));
        return verify.differingTables == 0 ? 0 : EXIT_DIFFERENT;
    }

    private void pipeline(CtsyncConfig config) throws SQLException {
        if (config.source() == null || config.target() == null) {
            throw new ConfigException(config.source() == null ? "ctsync.source.url" : "ctsync.target.url", "is not set",
                    "--verify compares the source with the target: configure both");
        }
        try (DatabasePool source = open(config.source(), 2);
             DatabasePool target = open(config.target(), 2);
             StateReader state = StateReader.open(config.state())) {
            SourceDialect dialect = source.type().source();
            Map<TableMapping, TableInfo> shapes = new LinkedHashMap<>();
            try (Connection connection = source.getConnection()) {
                connection.setReadOnly(true);
                for (TableMapping mapping : config.tables()) {
                    TableInfo table = Catalog.describe(connection, dialect, mapping);
                    CompareCapture.checkTarget(mapping, connection, dialect, target, table);
                    shapes.put(mapping, table);
                }
            }
            try (Connection rows = source.getConnection();
                 CaptureCycle cycle = new CaptureCycle(rows, dialect, source, target, config.context(), config.export().fetchSize())) {
                InFlight known = InFlight.read(cycle.target(), state, Pipeline.of(config));
                cycle.beginSnapshot(false);
                TableVerify verify = new TableVerify(cycle, source, config.export().fetchSize());
                for (Map.Entry<TableMapping, TableInfo> table : shapes.entrySet()) {
                    TableInfo shape = table.getValue();
                    if (shape.masks().hashesAny(shape.key())) {
                        // the target's rows are ordered by the hashes: no merge in key order can pair them with the source's
                        out.println(table.getKey().source() + ": not compared: its key is hashed (" + table.getKey().prefix() + "mask.*)");
                        continue;
                    }
                    count(verify.compare(table.getKey(), unmasked(shape), known));
                }
                rows.rollback();
            }
        }
    }

    /** The table without its masked columns: the target holds their masks, which the source has not. */
    private static TableInfo unmasked(TableInfo table) {
        if (table.masks().columns().isEmpty()) {
            return table;
        }
        List<Column> columns = table.columns().stream().filter(c -> table.masks().of(c.name()) == null).toList();
        return new TableInfo(table.name(), columns, table.key(), table.constants(), table.filter(), ColumnMasks.NONE);
    }

    private void count(TableDifferences table) {
        table.print(out);
        tables++;
        differingTables += table.equal() ? 0 : 1;
        missing += table.missing.count();
        extra += table.extra.count();
        different += table.different.count();
        inFlight += table.inFlight.count();
    }

    private String summary(int pipelines) {
        String where = tables + (tables == 1 ? " table" : " tables") + (pipelines > 1 ? " of " + pipelines + " pipelines" : "");
        String flight = inFlight > 0 ? " (" + inFlight + " in flight)" : "";
        return differingTables == 0 ? "verify: equal, " + where + flight
                : "verify: " + differingTables + " of " + where + " differ: " + missing + " missing, " + extra + " extra, " + different
                + " different" + flight;
    }

    /**
     * A pool that reads only: an embedded H2 file opened read-only (and never created). A database
     * that cannot be reached is a failure of the run (exit 1), not a configuration refused.
     */
    static DatabasePool open(Database database, int connections) {
        Database readOnly = new Database(database.role(), H2Files.readOnly(database.url()), database.username(), database.password());
        try {
            return DataSources.open(readOnly, connections);
        } catch (ConfigException unreachable) {
            throw new IllegalStateException(unreachable.getMessage(), unreachable);
        }
    }
}
