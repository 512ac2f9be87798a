package io.ctsync.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard in k8s/grafana asks only for series that ctsync really exports: every
 * metric name in its queries appears in a scrape of ctsync's own registry after an export, an
 * import and a failed cycle, with the labels the queries group by; and it shows the thresholds of
 * the alerts in k8s/alerts.
 */
@Tag("unit")
class GrafanaDashboardTest {

    private static final Pattern METRIC = Pattern.compile("\\b((?:ctsync|jvm)_[a-z_]+)\\{");
    /** An alert that compares one expression, on one line, with a whole number, as k8s/alerts writes it. */
    private static final Pattern COMPARISON = Pattern.compile("([^\\n]+?) (>|==) (\\d+)");
    private static final Pattern ALERT = Pattern.compile("^Alert (Ctsync\\w+):");

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
                "ctsync_export_rows_total", "ctsync_import_lag_sequences", "ctsync_import_last_sequence", "ctsync_leader",
                "jvm_memory_used_bytes");
        // ctsync_leader comes from the leader election, whose scrape PrometheusRuleTest checks
        queried.remove("ctsync_leader");

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

    /**
     * Each alert of k8s/alerts that compares one series with a number has a panel that shows that
     * series, as the alert's expression reads it (narrowed to the dashboard's application), and turns
     * red where the alert's condition begins: for {@code > N}, from N + 1 (the series count contents,
     * replicas or cycles: whole numbers); for {@code == 0}, below 1. The panel names its alert.
     */
    @Test
    void thePanelsShowTheAlertsThresholds() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(Path.of("k8s", "grafana", "ctsync-dashboard.json").toFile());
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(Path.of("k8s", "alerts", "ctsync-rules.yaml").toFile());
        Map<String, Matcher> comparisons = new TreeMap<>();
        for (JsonNode alert : rules.path("spec").path("groups").get(0).path("rules")) {
            Matcher comparison = COMPARISON.matcher(alert.path("expr").asText().strip());
            if (comparison.matches()) {
                comparisons.put(alert.path("alert").asText(), comparison);
            }
        }
        assertThat(comparisons).as("the alerts on one series and a number; the blocked import and the failing cycles combine two")
                .containsOnlyKeys("CtsyncImportLagContents", "CtsyncImportLagMinutes", "CtsyncNoLeader", "CtsyncNoSuccessfulCycle",
                        "CtsyncTrackingRetentionNear");

        Map<String, List<String>> panelsByAlert = new TreeMap<>();
        for (JsonNode panel : dashboard.path("panels")) {
            Matcher named = ALERT.matcher(panel.path("description").asText());
            if (!named.find()) {
                continue;
            }
            String alert = named.group(1);
            Matcher comparison = comparisons.get(alert);
            String title = panel.path("title").asText();
            assertThat(comparison).as("%s names %s, an alert on one series and a number", title, alert).isNotNull();
            panelsByAlert.computeIfAbsent(alert, a -> new ArrayList<>()).add(title);
            assertThat(normalized(panel.path("targets").get(0).path("expr").asText())).as(title)
                    .isEqualTo(normalized(comparison.group(1)));
            List<String> steps = new ArrayList<>();
            for (JsonNode step : panel.path("fieldConfig").path("defaults").path("thresholds").path("steps")) {
                steps.add(step.path("color").asText() + " " + (step.path("value").isNull() ? "base" : step.path("value").asText()));
            }
            long number = Long.parseLong(comparison.group(3));
            if (comparison.group(2).equals(">")) {
                assertThat(steps).as(title).hasSize(2).endsWith("red " + (number + 1));
                assertThat(steps.get(0)).as(title).doesNotStartWith("red");
            } else {
                assertThat(number).as(alert).isZero();
                assertThat(steps).as(title).containsExactly("red base", "green 1");
            }
        }
        assertThat(panelsByAlert).as("a panel for each").containsOnlyKeys(comparisons.keySet());
        assertThat(panelsByAlert.get("CtsyncImportLagContents")).containsExactly("Import lag (contents)", "Import lag (contents) over time");
    }

    /** An expression without the dashboard's narrowing to its application, and without white space. */
    private static String normalized(String expr) {
        return expr.replace("application=~\"$application\"", "").replace("{, ", "{").replace("{}", "").replaceAll("\\s+", "");
    }
}
