package io.ctsync.api;

import io.ctsync.config.CtsyncConfig;
import io.ctsync.config.Database;
import io.ctsync.config.TableMapping;
import io.ctsync.gateway.Gateway;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/pipeline}: what this process runs, as configured, and who leads it. No password, key
 * or token ever appears: of the mask key ({@code ctsync.mask.key}) only its id.
 */
public final class PipelineView {

    private final CtsyncConfig config;
    private final Gateway gateway;
    private final LeadershipView leadership;

    public PipelineView(CtsyncConfig config, Gateway gateway, LeadershipView leadership) {
        this.config = config;
        this.gateway = gateway;
        this.leadership = leadership;
    }

    public Map<String, Object> describe() {
        Map<String, Object> pipeline = new LinkedHashMap<>();
        pipeline.put("application", config.application());
        pipeline.put("source", config.sourceName());
        pipeline.put("destination", config.destinationName());
        pipeline.put("sourceDatabase", url(config.source()));
        pipeline.put("targetDatabase", url(config.target()));
        pipeline.put("tables", config.tables().stream().map(PipelineView::table).toList());
        pipeline.put("export", Map.of("enabled", config.export().enabled(), "schedule", config.export().schedule(),
                "presence", config.export().presence() && config.target() != null));
        pipeline.put("import", Map.of("enabled", config.importing().enabled(), "schedule", config.importing().schedule(),
                "conflict", config.importing().conflict().key()));
        pipeline.put("gateway", Map.of("type", config.gateway().type(), "location", gateway.describe()));
        pipeline.put("leaders", leadership.leaders());
        return pipeline;
    }

    private static String url(Database database) {
        return database == null ? null : database.safeUrl();
    }

    private static Map<String, Object> table(TableMapping mapping) {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("table", mapping.source().toString());
        table.put("key", mapping.key().isEmpty() ? List.of() : mapping.key());
        table.put("capture", mapping.capture().key());
        table.put("target", mapping.target().toString());
        table.put("constants", mapping.constants());
        table.put("filter", mapping.filter() == null ? null : mapping.filter().text());
        Map<String, String> masks = new LinkedHashMap<>();
        mapping.masks().columns().forEach((column, mask) -> masks.put(column, mask.key()));
        table.put("masks", masks);
        // the key that hashes is a secret: only its id is shown
        table.put("maskKeyId", mapping.masks().key() == null ? null : mapping.masks().key().id());
        return table;
    }
}
