package io.ctsync.bench;

import io.ctsync.testing.TypedPool;
import io.ctsync.db.Catalog;
import io.ctsync.db.TableInfo;
import io.ctsync.config.CaptureMode;
import io.ctsync.config.TableMapping;
import io.ctsync.config.TableName;
import io.ctsync.packaging.ContentSeries;
import io.ctsync.packaging.Operation;
import io.ctsync.presence.PresenceLookup;
import io.ctsync.presence.TablePresence;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * What batching buys the presence lookup (bench/export-bench.sh runs it): the same keys looked up
 * in the export benchmark's target through ctsync's own {@link TablePresence}, one query per key
 * and then in batches, each writing real existing/missing entries.
 *
 * <p>Arguments: JDBC URL of the target (user and password postgres), number of keys, batch size.
 */
public final class PresenceBench {

    private PresenceBench() {
    }

    public static void main(String[] args) throws Exception {
        PGSimpleDataSource target = new PGSimpleDataSource();
        target.setUrl(args[0]);
        target.setUser("postgres");
        target.setPassword("postgres");
        int keys = Integer.parseInt(args[1]);
        int batchSize = Integer.parseInt(args[2]);
        double perKey = lookUp(target, keys, 1);
        double batched = lookUp(target, keys, batchSize);
        System.out.printf("presence: %,d keys one query per key %.2f s (%,.0f keys/s), in batches of %d %.2f s (%,.0f keys/s): %.1f times faster%n",
                keys, perKey, keys / perKey, batchSize, batched, keys / batched, perKey / batched);
    }

    private static double lookUp(PGSimpleDataSource target, int keys, int batchSize) throws Exception {
        TableName table = new TableName("public", "bench_product");
        TableMapping mapping = new TableMapping(table, List.of(), CaptureMode.CHANGE_TRACKING, table, Map.of());
        TableInfo info;
        try (Connection connection = target.getConnection()) {
            info = Catalog.describe(connection, io.ctsync.db.register.DatabaseTypeRegister.of(connection).source(), mapping);
        }
        Path work = Files.createTempDirectory("ctsync-presence-bench");
        ContentSeries.Pipeline pipeline = new ContentSeries.Pipeline("bench", "presence", "batch" + batchSize);
        long started = System.nanoTime();
        try (PresenceLookup lookup = PresenceLookup.open(TypedPool.of(target), batchSize, 60);
             ContentSeries series = new ContentSeries(pipeline, 1, 1, 1, Long.MAX_VALUE, 1, work, name -> work.resolve(name.fileName()))) {
            TablePresence presence = lookup.forTable(mapping, info);
            series.beginTable(new ContentSeries.TableHeader(table.toString(), "delta", 0L, 1L, info.key(),
                    EnumSet.of(Operation.UPDATED, Operation.EXISTING, Operation.MISSING)));
            for (long id = 1; id <= keys; id++) {
                presence.add(Operation.UPDATED, new Object[] {id}, series);
            }
            presence.flush(series);
            series.endTable();
            series.finish();
            presence.close();
        }
        return (System.nanoTime() - started) / 1e9;
    }
}
