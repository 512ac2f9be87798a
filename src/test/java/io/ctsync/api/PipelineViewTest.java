package io.ctsync.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ctsync.config.CtsyncConfig;
import io.ctsync.config.Settings;
import io.ctsync.gateway.GatewayType;
import io.ctsync.leadership.Leadership;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/pipeline} shows a table's filter and masks, and of the mask key only its id. */
@Tag("unit")
class PipelineViewTest {

    @TempDir
    Path dir;

    @Test
    void theFilterAndMasksAreShownAndTheMaskKeyNever() throws Exception {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("ctsync.application", "shop");
        keys.put("ctsync.source.name", "erp");
        keys.put("ctsync.destination.name", "partner");
        keys.put("ctsync.source.url", "jdbc:h2:mem:view");
        keys.put("ctsync.state.url", "jdbc:h2:file:" + dir.resolve("state"));
        keys.put("ctsync.gateway.dir", dir.resolve("gateway").toString());
        keys.put("ctsync.tables", "app.people");
        keys.put("ctsync.table.app.people.filter", "region = 'north'");
        keys.put("ctsync.table.app.people.mask.email", "hash");
        keys.put("ctsync.table.app.people.mask.ssn", "null");
        keys.put("ctsync.mask.key", "never-shown-secret");
        keys.put("ctsync.mask.key-id", "k2026");
        CtsyncConfig config = CtsyncConfig.from(Settings.of(keys));

        Map<String, Object> view = new PipelineView(config, GatewayType.of(config.gateway()).open(config.gateway()),
                new LeadershipView(new Leadership(), "")).describe();

        String json = new ObjectMapper().writeValueAsString(view);
        assertThat(json).doesNotContain("never-shown-secret");
        assertThat(config.toString()).doesNotContain("never-shown-secret");
        @SuppressWarnings("unchecked")
        Map<String, Object> table = ((List<Map<String, Object>>) view.get("tables")).get(0);
        assertThat(table).containsEntry("filter", "region = 'north'").containsEntry("masks", Map.of("email", "hash", "ssn", "null"))
                .containsEntry("maskKeyId", "k2026");
    }
}
