package io.ctsync.monitoring;

import io.ctsync.packaging.Manifest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * ctsync's own meters, beside Camel's in the same registry (served at {@code /observe/metrics}).
 * Prometheus names, each tagged with the pipeline's application, source and destination:
 * <ul>
 * <li>{@code ctsync_export_rows_total{table,operation}}: rows published in contents (inserted, updated, deleted)</li>
 * <li>{@code ctsync_export_last_sequence}: the last sequence number the state has committed</li>
 * <li>{@code ctsync_import_last_sequence}, {@code ctsync_import_lag_sequences}: the importer's progress,
 *     and how many published contents it has not imported yet</li>
 * <li>{@code ctsync_cycle_seconds{pipeline,outcome}}: duration of export and import cycles, ok or failed</li>
 * <li>{@code ctsync_backfill_rows_sent_total{table}}, {@code ctsync_backfill_rows_left{table}}: a backfill's rows published
 *     in chunks, and the rows of its estimate still to send (0 once it is done)</li>
 * </ul>
 * A gauge appears once it has a value: a scrape before the first cycle shows no guessed zero.
 */
public final class Metrics {

    private final MeterRegistry registry;
    /** The pipeline's application, source and destination, when one process runs several. */
    private final Tags pipeline;
    private final AtomicLong lastExportedSequence = new AtomicLong();
    private final AtomicLong lastImportedSequence = new AtomicLong();
    private final AtomicLong importLag = new AtomicLong();
    private final java.util.Map<String, AtomicLong> backfillLeft = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong walRetained = new AtomicLong();
    private volatile boolean exportGaugeRegistered;
    private volatile boolean walGaugeRegistered;
    private volatile boolean importGaugesRegistered;

    public Metrics(MeterRegistry registry) {
        this(registry, Tags.empty());
    }

    public Metrics(MeterRegistry registry, Tags pipeline) {
        this.registry = registry;
        this.pipeline = pipeline;
    }

    /** Counts the rows of a content that the exporter has just published. */
    public void exported(Manifest manifest) {
        for (Manifest.Table table : manifest.tables()) {
            rows(table.table(), "inserted").increment(table.counts().inserted());
            rows(table.table(), "updated").increment(table.counts().updated());
            rows(table.table(), "deleted").increment(table.counts().deleted());
            if (table.range()) {
                Counter.builder("ctsync.backfill.rows.sent").description("Rows published in backfill chunks")
                        .tags(pipeline).tag("table", table.table()).register(registry).increment(table.counts().inserted());
            }
        }
    }

    /** A table's backfill after a committed cycle: the rows of its estimate still to send, 0 once it is done. */
    public void backfillLeft(String table, long rows) {
        backfillLeft.computeIfAbsent(table, t -> {
            AtomicLong left = new AtomicLong();
            Gauge.builder("ctsync.backfill.rows.left", left, AtomicLong::doubleValue).tags(pipeline).tag("table", t)
                    .description("Rows a backfill has still to send, by the estimate taken when it began").register(registry);
            return left;
        }).set(rows);
    }

    private Counter rows(String table, String operation) {
        return Counter.builder("ctsync.export.rows").description("Rows published in contents")
                .tags(pipeline).tag("table", table).tag("operation", operation).register(registry);
    }

    public void exportedUpTo(long sequence) {
        lastExportedSequence.set(sequence);
        if (exportGaugeRegistered) {
            return;
        }
        exportGaugeRegistered = true;
        Gauge.builder("ctsync.export.last.sequence", lastExportedSequence, AtomicLong::doubleValue).tags(pipeline)
                .description("Last sequence number committed by the exporter").register(registry);
    }

    /**
     * The WAL the pipeline's replication slot keeps on the source, as the last export cycle read it:
     * {@code ctsync_wal_retained_bytes}, the source's risk while ctsync is down (docs/operations.md, "WAL capture").
     */
    public void walRetained(long bytes) {
        walRetained.set(bytes);
        if (walGaugeRegistered) {
            return;
        }
        walGaugeRegistered = true;
        Gauge.builder("ctsync.wal.retained", walRetained, AtomicLong::doubleValue).tags(pipeline).baseUnit("bytes")
                .description("WAL the replication slot of the wal capture keeps on the source").register(registry);
    }

    /** For the importer after each cycle: the last sequence applied and the highest one published in the gateway. */
    public void importProgress(long lastImported, long lastPublished) {
        lastImportedSequence.set(lastImported);
        importLag.set(Math.max(0, lastPublished - lastImported));
        if (importGaugesRegistered) {
            return;
        }
        importGaugesRegistered = true;
        Gauge.builder("ctsync.import.last.sequence", lastImportedSequence, AtomicLong::doubleValue).tags(pipeline)
                .description("Last sequence number applied to the target").register(registry);
        Gauge.builder("ctsync.import.lag", importLag, AtomicLong::doubleValue).tags(pipeline).baseUnit("sequences")
                .description("Published contents not yet imported").register(registry);
    }

    /** The import lag the last import cycle left, null before the first. */
    Long importLag() {
        return importGaugesRegistered ? importLag.get() : null;
    }

    void cycle(String pipeline, boolean ok, Duration duration) {
        Timer.builder("ctsync.cycle").description("Duration of export and import cycles")
                .tags(this.pipeline).tag("pipeline", pipeline).tag("outcome", ok ? "ok" : "failed").register(registry).record(duration);
    }
}
