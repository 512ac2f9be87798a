package io.ctsync.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ctsync.config.CtsyncConfig;
import io.ctsync.config.Settings;
import io.ctsync.packaging.Manifest;
import io.ctsync.testing.Pipelines;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Tag;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard in k8s/grafana asks only for series that ctsync really exports: every
 * metric name in its queries appears in a scrape of ctsync's own registry after an export, an
 * import and a failed cycle, with the labels the queries group by.
 */
@Tag("unit")
class GrafanaDashboardTest {

    private static final Pattern METRIC = Pattern.compile("\\b((?:ctsync|jvm)_[a-z_]+)\\{");

    @TempDir
    Path dir;

    @Test
    void everySeriesTheDashboardQueriesExists() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("k8s", "grafana", "ctsync-dashboard.json").toFile());
        Set<String> queried = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher metric = METRIC.matcher(target.path("expr").asText());
                while (metric.find()) {
                    queried.add(metric.group(1));
                }
            }
        }
        assertThat(queried).containsExactly("ctsync_cycle_seconds_count", "ctsync_cycle_seconds_sum", "ctsync_export_last_sequence",
                "ctsync_export_rows_total", "ctsync_import_lag_sequences", "ctsync_import_last_sequence", "jvm_memory_used_bytes");

        // the registry and the pipeline's metrics as Ctsync makes them for one pipeline: the tags are ctsync's, not the test's
        Map<String, String> properties = new LinkedHashMap<>(Pipelines.properties("shop", "erp", "dwh", dir.resolve("state"),
                dir.resolve("gateway"), "app.orders"));
        properties.put("ctsync.source.url", "jdbc:h2:mem:unused");
        CtsyncConfig config = CtsyncConfig.from(Settings.of(properties));
        PrometheusMeterRegistry registry = Monitoring.install(new Main(), config);
        new JvmMemoryMetrics().bindTo(registry);
        Metrics metrics = Monitoring.metrics(registry, config);
        metrics.exported(new Manifest(Manifest.FORMAT, "shop", "erp", "dwh", 1, "2026-12-02T00:00:00Z", 1, 1, List.of(
                new Manifest.Table("app.orders", "delta", 1L, 2, List.of("id"), new Manifest.Counts(3, 2, 1, 0, 0), List.of()))));
        metrics.exportedUpTo(1);
        metrics.importProgress(1, 2);
        metrics.cycle("export", true, Duration.ofMillis(120));
        metrics.cycle("import", false, Duration.ofMillis(30));
        String scrape = registry.scrape();
        for (String name : queried) {
            assertThat(scrape).as(name).containsPattern("(?m)^" + name + "\\{[^}]*application=\"shop\",[^}]*source=\"erp\"")
                    .containsPattern("(?m)^" + name + "\\{[^}]*destination=\"dwh\"");
        }
        assertThat(scrape).contains("ctsync_export_rows_total{application=\"shop\",destination=\"dwh\",operation=\"updated\",source=\"erp\",table=\"app.orders\"} 2.0");
        assertThat(scrape).containsPattern("ctsync_cycle_seconds_count\\{[^}]*outcome=\"failed\",pipeline=\"import\"[^}]*} 1");
        assertThat(scrape).containsPattern("ctsync_import_lag_sequences\\{[^}]*} 1.0");
    }
}
