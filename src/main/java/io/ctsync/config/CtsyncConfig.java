package io.ctsync.config;

import io.ctsync.masking.ColumnMasks;
import io.ctsync.masking.Mask;
import io.ctsync.masking.MaskKey;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The typed, validated configuration of one ctsync pipeline (application, source, destination).
 * Everything here is checked without touching a database; the checks that need one live with
 * the capability that needs them.
 */
public record CtsyncConfig(String application, String sourceName, String destinationName,
                           Database source, Database target, Database state,
                           List<TableMapping> tables, String context, Duration trackingRetention,
                           Export export, Gateway gateway, Import importing) {

    /**
     * {@code chunkRows}: the most rows of one chunk of a backfill; {@code backfillRowsPerCycle}: how many rows of chunks one
     * cycle sends, at least one chunk per table (docs/design.md, "Backfills").
     */
    public record Export(boolean enabled, String schedule, int maxRowsPerFile, long chunkRows, long backfillRowsPerCycle, boolean presence,
                         int presenceBatchSize, int presenceTimeoutSeconds, int fetchSize, int compressionLevel) {
    }

    /** {@code dir} is the file gateway's directory, and the Blob gateway's local staging; {@code azure} is set only for azure-blob. */
    public record Gateway(String type, Path dir, AzureBlobConfig azure) {
    }

    /**
     * {@code bulkRows}: from how many rows of a table's entries the target's bulk path loads them;
     * {@code batchBytes}: how many bytes of values a batch of statements holds at most, whatever its rows (docs/operations.md, "Memory");
     * {@code stageRows}: the rows of a chunk of a big upsert staged on a second connection, 0 for none (docs/design.md, "Import");
     * {@code schemaChanges}: what a content whose columns differ from the target's does (docs/design.md, "Import").
     */
    public record Import(boolean enabled, String schedule, boolean ignoreSequence, ConflictPolicy conflict, int batchSize, int bulkRows,
                         long batchBytes, long stageRows, SchemaChangePolicy schemaChanges) {
    }

    public static CtsyncConfig from(Settings settings) {
        String application = Names.contentName("ctsync.application", settings.require("ctsync.application", "name the application, e.g. ctsync.application=shop"));
        String sourceName = Names.contentName("ctsync.source.name", settings.require("ctsync.source.name", "name the source, e.g. ctsync.source.name=erp"));
        String destinationName = Names.contentName("ctsync.destination.name", settings.require("ctsync.destination.name", "name the destination, e.g. ctsync.destination.name=warehouse"));

        Database state = Database.read(settings, "state");
        if (state == null) {
            throw new ConfigException("ctsync.state.url", "is not set", "give a JDBC URL; the default is an H2 file under ./data");
        }
        Database source = Database.read(settings, "source");
        Database target = Database.read(settings, "target");

        Export export = new Export(
                settings.getBoolean("ctsync.export.enabled", true),
                settings.get("ctsync.export.schedule", "0 * * * * ?"),
                settings.getInt("ctsync.export.max-rows-per-file", 1_000_000, 1),
                settings.getInt("ctsync.export.chunk-rows", 100_000, 1),
                settings.getInt("ctsync.export.backfill-rows-per-cycle", 1_000_000, 1),
                settings.getBoolean("ctsync.export.presence", true) && target != null,
                settings.getInt("ctsync.export.presence-batch-size", 200, 1),
                (int) settings.getDuration("ctsync.export.presence-timeout", java.time.Duration.ofSeconds(60)).toSeconds(),
                settings.getInt("ctsync.export.fetch-size", 5_000, 1),
                settings.getInt("ctsync.export.compression-level", 1, 0));
        if (export.compressionLevel() > 9) {
            throw new ConfigException("ctsync.export.compression-level", "must be 0 to 9", "use 1 for speed, 6 for smaller files");
        }
        if (export.enabled() && source == null) {
            throw new ConfigException("ctsync.source.url", "is not set but export is enabled", "give the source's JDBC URL or set ctsync.export.enabled=false");
        }

        Import importing = new Import(
                settings.getBoolean("ctsync.import.enabled", false),
                settings.get("ctsync.import.schedule", "30 * * * * ?"),
                settings.getBoolean("ctsync.import.ignore-sequence", false),
                ConflictPolicy.parse("ctsync.import.conflict", settings.get("ctsync.import.conflict", ConflictPolicy.SOURCE_WINS.key())),
                settings.getInt("ctsync.import.batch-size", 1_000, 1),
                settings.getInt("ctsync.import.bulk-rows", 1_000, 1),
                settings.getBytes("ctsync.import.batch-bytes", 16L << 20, 1),
                settings.getInt("ctsync.import.stage-rows", 100_000, 0),
                SchemaChangePolicy.parse("ctsync.import.schema-changes",
                        settings.get("ctsync.import.schema-changes", SchemaChangePolicy.ADDITIVE.key())));
        if (importing.enabled() && target == null) {
            throw new ConfigException("ctsync.target.url", "is not set but import is enabled", "give the target's JDBC URL or set ctsync.import.enabled=false");
        }

        String gatewayType = settings.get("ctsync.gateway.type", "file");
        Gateway gateway = new Gateway(gatewayType, Path.of(settings.get("ctsync.gateway.dir", "./gateway")),
                "azure-blob".equals(gatewayType) ? AzureBlobConfig.read(settings) : null);

        String context = Names.contentName("ctsync.context", settings.get("ctsync.context", "ctsync"));
        CaptureMode defaultCapture = CaptureMode.parse("ctsync.capture", settings.get("ctsync.capture", CaptureMode.CHANGE_TRACKING.key()));
        List<TableMapping> tables = tables(settings, defaultCapture, maskKey(settings));
        KnownKeys.check(settings, tables.stream().map(TableMapping::source).toList());
        Duration retention = settings.getDuration("ctsync.tracking.retention", Duration.ofDays(7));
        return new CtsyncConfig(application, sourceName, destinationName, source, target, state, tables, context, retention,
                export, gateway, importing);
    }

    /**
     * Whether a run of this pipeline uses its target database: to import into it, or, exporting,
     * to look up presence or to capture by comparing with it.
     */
    public boolean usesTarget() {
        return target != null && (importing.enabled() || export.enabled()
                && (export.presence() || tables.stream().anyMatch(table -> table.capture().readsTarget())));
    }

    /** A comma-separated list of column names; empty when the key is not set. */
    private static List<String> identifiers(Settings settings, String key) {
        String list = settings.get(key);
        return list == null ? List.of() : Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(column -> Names.identifier(key, column)).toList();
    }

    /** {@code ctsync.mask.key} with its id; null when the key is not set (a hash mask then refuses to start). */
    private static MaskKey maskKey(Settings settings) {
        String secret = settings.get("ctsync.mask.key");
        if (secret == null || secret.isEmpty()) {
            return null;
        }
        String id = settings.require("ctsync.mask.key-id", "name the mask key for the manifests, e.g. ctsync.mask.key-id=2026-12");
        return new MaskKey(Names.contentName("ctsync.mask.key-id", id), secret);
    }

    /**
     * The table's masks: a hash needs {@code ctsync.mask.key}. Masks and filters are read by the
     * change-tracking capture; compare reads a filter, a change table neither.
     */
    private static ColumnMasks masks(Settings settings, String prefix, CaptureMode capture, MaskKey maskKey) {
        Map<String, Mask> masks = new LinkedHashMap<>();
        settings.withPrefix(prefix + "mask.").forEach((k, v) -> {
            String column = Names.identifier(k, k.substring((prefix + "mask.").length()));
            Mask mask = Mask.named(v);
            if (mask == null) {
                throw new ConfigException(k, "'" + v + "' is no mask", "write hash or null");
            }
            if (mask == Mask.HASH && maskKey == null) {
                throw new ConfigException("ctsync.mask.key", "is not set but " + k + "=hash", "set ctsync.mask.key to a secret and ctsync.mask.key-id to its name");
            }
            masks.put(column, mask);
        });
        if (!masks.isEmpty() && !capture.readsRowsByKey()) {
            throw new ConfigException(prefix + "mask.*", "masks need the change-tracking or wal capture, not " + capture.key(),
                    "capture the table with " + prefix + "capture=change-tracking, or leave it out with " + prefix + "exclude-columns");
        }
        return masks.isEmpty() ? ColumnMasks.NONE : new ColumnMasks(masks, maskKey);
    }

    private static List<TableMapping> tables(Settings settings, CaptureMode defaultCapture, MaskKey maskKey) {
        String list = settings.require("ctsync.tables", "list the tables to sync, e.g. ctsync.tables=dbo.orders,dbo.order_line");
        Map<TableName, TableMapping> tables = new LinkedHashMap<>();
        for (TableName name : TableName.parseList("ctsync.tables", list)) {
            String prefix = "ctsync.table." + name + ".";
            List<String> key = identifiers(settings, prefix + "key");
            CaptureMode capture = CaptureMode.parse(prefix + "capture", settings.get(prefix + "capture", defaultCapture.key()));
            String targetName = settings.get(prefix + "target");
            TableName target = targetName == null ? name : TableName.parse(prefix + "target", targetName);
            Map<String, String> constants = new LinkedHashMap<>();
            settings.withPrefix(prefix + "constant.").forEach((k, v) ->
                    constants.put(Names.identifier(k, k.substring((prefix + "constant.").length())), v));
            if (constants.size() > 1) {
                throw new ConfigException(prefix + "constant.*", "has " + constants.size() + " constant columns", "keep one constant auxiliary key column per mapping");
            }
            ChangeTable changeTable = capture == CaptureMode.CHANGE_TABLE ? ChangeTable.read(settings, prefix) : null;
            ColumnSelection columns = new ColumnSelection(identifiers(settings, prefix + "columns"), identifiers(settings, prefix + "exclude-columns"));
            RowFilter filter = RowFilter.read(settings, prefix + "filter");
            if (filter != null && capture == CaptureMode.CHANGE_TABLE) {
                throw new ConfigException(filter.key(), "a change table's rows cannot be filtered", "capture the table with change-tracking or compare");
            }
            ColumnMasks masks = masks(settings, prefix, capture, maskKey);
            if (tables.put(name, new TableMapping(name, List.copyOf(key), capture, target, Map.copyOf(constants), changeTable, columns,
                    filter, masks, Deletes.read(settings, prefix))) != null) {
                throw new ConfigException("ctsync.tables", name + " is listed twice", "list each table once");
            }
        }
        if (tables.isEmpty()) {
            throw new ConfigException("ctsync.tables", "is empty", "list the tables to sync as schema.table, comma separated");
        }
        return List.copyOf(tables.values());
    }
}
