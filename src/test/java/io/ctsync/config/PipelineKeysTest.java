package io.ctsync.config;

import io.ctsync.testing.CtsyncRun;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Several pipelines in one configuration ({@code ctsync.pipelines.<name>.*}): each key of a
 * pipeline overrides the top-level key of the same name, the shared default; the unknown-key
 * check and the other refusals name the pipeline.
 */
@Tag("h2")
class PipelineKeysTest {

    @TempDir
    Path dir;

    private Map<String, String> twoPipelines() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("ctsync.application", "shop");
        keys.put("ctsync.source.name", "erp");
        keys.put("ctsync.source.url", "jdbc:h2:mem:unused");
        keys.put("ctsync.state.url", "jdbc:h2:file:" + dir.resolve("state"));
        keys.put("ctsync.gateway.dir", dir.resolve("gateway").toString());
        keys.put("ctsync.export.schedule", "0 * * * * ?");
        keys.put("ctsync.table.app.orders.key", "id");
        keys.put("ctsync.pipelines.dwh.destination.name", "dwh");
        keys.put("ctsync.pipelines.dwh.tables", "app.orders");
        keys.put("ctsync.pipelines.crm.destination.name", "crm");
        keys.put("ctsync.pipelines.crm.tables", "app.customers");
        keys.put("ctsync.pipelines.crm.export.schedule", "0/5 * * * * ?");
        keys.put("ctsync.pipelines.crm.table.app.customers.capture", "compare");
        return keys;
    }

    @Test
    void eachPipelineOverridesTheTopLevelDefaultsItNames() {
        List<PipelineConfig> pipelines = PipelineConfig.read(Settings.of(twoPipelines()));

        assertThat(pipelines).extracting(PipelineConfig::name).containsExactly("shop.erp.crm", "shop.erp.dwh");
        PipelineConfig crm = pipelines.get(0);
        PipelineConfig dwh = pipelines.get(1);
        assertThat(crm.config().export().schedule()).isEqualTo("0/5 * * * * ?");
        assertThat(dwh.config().export().schedule()).as("the shared default").isEqualTo("0 * * * * ?");
        assertThat(crm.config().tables().get(0).capture()).isEqualTo(CaptureMode.COMPARE);
        assertThat(dwh.config().tables().get(0).key()).as("a top-level table key applies to the pipeline listing the table")
                .containsExactly("id");
        assertThat(List.of(crm.routePrefix(), crm.leaderGroup())).containsExactly("shop.erp.crm.", "shop.erp.crm-");
        assertThat(dwh.config().state()).isEqualTo(crm.config().state());
    }

    @Test
    void aConfigurationWithoutPipelinesIsTheSinglePipelineWithItsPlainRouteIds() {
        Map<String, String> keys = new LinkedHashMap<>(twoPipelines());
        keys.keySet().removeIf(key -> key.startsWith("ctsync.pipelines."));
        keys.put("ctsync.destination.name", "dwh");
        keys.put("ctsync.tables", "app.orders");

        List<PipelineConfig> pipelines = PipelineConfig.read(Settings.of(keys));

        assertThat(pipelines).singleElement().satisfies(single -> {
            assertThat(single.name()).isEqualTo("shop.erp.dwh");
            assertThat(single.routePrefix()).isEmpty();
            assertThat(single.leaderGroup()).isEmpty();
        });
    }

    @Test
    void anUnknownKeyOfAPipelineIsRefusedAsWrittenWithTheNearestKeyOfThatPipeline() throws Exception {
        Map<String, String> keys = twoPipelines();
        keys.put("ctsync.pipelines.crm.export.shedule", "0 * * * * ?");

        CtsyncRun.Result result = new CtsyncRun(dir, keys).run("--once");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr().strip()).isEqualTo("ctsync: pipeline crm: ctsync.pipelines.crm.export.shedule: is not a ctsync key"
                + " (fix: did you mean ctsync.pipelines.crm.export.schedule?)");
    }

    @Test
    void aPipelinesTableKeyMustNameOneOfItsTables() {
        Map<String, String> keys = twoPipelines();
        keys.put("ctsync.pipelines.dwh.table.app.customers.key", "id");

        assertThatThrownBy(() -> PipelineConfig.read(Settings.of(keys))).isInstanceOf(ConfigException.class)
                .hasMessage("pipeline dwh: ctsync.pipelines.dwh.table.app.customers.key: names app.customers, which is not in"
                        + " ctsync.pipelines.dwh.tables (fix: list it in ctsync.pipelines.dwh.tables or correct the name"
                        + " (nearest listed: app.orders))");
    }

    @Test
    void aMissingKeyNamesThePipelineThatLacksIt() {
        Map<String, String> keys = twoPipelines();
        keys.remove("ctsync.pipelines.crm.tables");

        assertThatThrownBy(() -> PipelineConfig.read(Settings.of(keys))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("pipeline crm: ctsync.tables: is not set");
    }

    @Test
    void twoPipelinesWithTheSameNamesAreRefused() {
        Map<String, String> keys = twoPipelines();
        keys.put("ctsync.pipelines.crm.destination.name", "dwh");

        assertThatThrownBy(() -> PipelineConfig.read(Settings.of(keys))).isInstanceOf(ConfigException.class)
                .hasMessage("ctsync.pipelines.dwh: has the application, source and destination of ctsync.pipelines.crm (shop.erp.dwh)"
                        + " (fix: give each pipeline its own source or destination name)");
    }
}
