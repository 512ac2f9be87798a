package io.ctsync.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ctsync.config.Settings;
import io.ctsync.leadership.LeaderElection;
import io.ctsync.leadership.Leadership;
import io.ctsync.packaging.Manifest;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alerts of k8s/alerts: a PrometheusRule of the Prometheus Operator that kubectl renders, each
 * rule complete (name, expression, severity, summary and description), and every series and label
 * its expressions read is one that ctsync's registry really exports, after an export, an import, a
 * failed cycle and an election.
 */
@Tag("services")
class PrometheusRuleTest {

    private static final Pattern METRIC = Pattern.compile("\\b(ctsync_[a-z_]+)\\b");
    private static final Pattern BY = Pattern.compile("\\b(?:by|on) \\(([a-z_, ]+)\\)");

    @TempDir
    Path dir;

    @Test
    void everyRuleIsCompleteAndReadsSeriesThatCtsyncExports() throws Exception {
        Process kustomize = new ProcessBuilder("kubectl", "kustomize", "k8s/alerts").redirectErrorStream(true).start();
        String rendered = new String(kustomize.getInputStream().readAllBytes());
        assertThat(kustomize.waitFor()).as(rendered).isZero();
        JsonNode rule = new ObjectMapper(new YAMLFactory()).readTree(rendered);
        assertThat(rule.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.path("kind").asText()).isEqualTo("PrometheusRule");

        List<String> alerts = new ArrayList<>();
        Set<String> metrics = new TreeSet<>();
        Set<String> labels = new TreeSet<>();
        for (JsonNode group : rule.path("spec").path("groups")) {
            for (JsonNode alert : group.path("rules")) {
                String expr = alert.path("expr").asText();
                alerts.add(alert.path("alert").asText());
                assertThat(alert.path("labels").path("severity").asText()).as(alert.path("alert").asText()).isIn("warning", "critical");
                assertThat(alert.path("annotations").path("summary").asText()).isNotBlank();
                assertThat(alert.path("annotations").path("description").asText()).isNotBlank();
                assertThat(expr.chars().filter(c -> c == '(').count()).as("balanced: " + expr).isEqualTo(expr.chars().filter(c -> c == ')').count());
                Matcher metric = METRIC.matcher(expr);
                while (metric.find()) {
                    metrics.add(metric.group(1));
                }
                Matcher by = BY.matcher(expr);
                while (by.find()) {
                    for (String label : by.group(1).split(",")) {
                        labels.add(label.trim());
                    }
                }
            }
        }
        assertThat(alerts).containsExactly("CtsyncImportLagContents", "CtsyncImportLagMinutes", "CtsyncImportBlocked", "CtsyncCycleFailing",
                "CtsyncNoSuccessfulCycle", "CtsyncTrackingRetentionNear", "CtsyncWalRetained", "CtsyncNoLeader");
        assertThat(metrics).containsExactly("ctsync_cycle_seconds_count", "ctsync_import_lag_sequences", "ctsync_import_last_sequence",
                "ctsync_leader", "ctsync_wal_retained_bytes");
        assertThat(labels).containsExactly("application", "destination", "group", "pipeline", "source");

        String scrape = scrape();
        for (String name : metrics) {
            assertThat(scrape).as(name).containsPattern("(?m)^" + name + "\\{[^}]*application=\"shop\",destination=\"dwh\"");
        }
        assertThat(scrape).containsPattern("ctsync_cycle_seconds_count\\{[^}]*outcome=\"failed\",pipeline=\"import\"");
        assertThat(scrape).containsPattern("ctsync_cycle_seconds_count\\{[^}]*outcome=\"ok\",pipeline=\"export\"");
        assertThat(scrape).containsPattern("ctsync_leader\\{[^}]*group=\"export\",pipeline=\"export\",source=\"erp\"} 1.0");
        assertThat(scrape).containsPattern("ctsync_leadership_changes_total\\{[^}]*group=\"export\"[^}]*} 1.0");
    }

    /** ctsync's registry after an export (of a pipeline with wal tables), an import, a failed import cycle, and this process taking the export leadership. */
    private String scrape() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("application", "shop", "source", "erp", "destination", "dwh");
        Metrics metrics = new Metrics(registry);
        metrics.exported(new Manifest(Manifest.FORMAT, "shop", "erp", "dwh", 1, "2026-12-02T00:00:00Z", 1, 1, List.of(
                new Manifest.Table("app.orders", "delta", 1L, 2, List.of("id"), new Manifest.Counts(3, 2, 1, 0, 0), List.of()))));
        metrics.exportedUpTo(1);
        metrics.importProgress(1, 2);
        metrics.walRetained(64 * 1024 * 1024);
        metrics.cycle("export", true, Duration.ofMillis(120));
        metrics.cycle("import", false, Duration.ofMillis(30));
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, registry);
            CamelClusterService election = LeaderElection.clusterService(Settings.of(Map.of("ctsync.cluster.file.root", dir.toString())), null,
                    new Leadership());
            election.setCamelContext(camel);
            election.start();
            try {
                election.getView("export");
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (!election.isLeader("export") && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                return registry.scrape();
            } finally {
                election.stop();
            }
        }
    }
}
