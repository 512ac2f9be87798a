package io.ctsync.exporting;

import io.ctsync.config.PipelineConfig;
import io.ctsync.config.Settings;
import io.ctsync.leadership.Leadership;
import io.ctsync.leadership.ScheduleNow;
import io.ctsync.pipeline.PipelineRoutes;
import io.ctsync.state.Intent;
import io.ctsync.state.Pipeline;
import io.ctsync.testing.ConsoleLog;
import io.ctsync.testing.Crash;
import io.ctsync.testing.Pipelines;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The failure policy that {@code routes/export.camel.yaml} declares, under Camel Main with the
 * real YAML and stand-in stage beans: a failed stage ends the cycle, closes it, reaches no later
 * stage, and goes back to the caller; the schedule logs it and goes on.
 */
@Tag("h2")
class ExportRoutesTest extends CamelMainTestSupport {

    @TempDir
    Path dir;
    private Connection snapshot;

    /** Opens a cycle with content that holds a real connection, for the test to see it closed. */
    public final class OpensACycle {
        public ExportCycle open() throws Exception {
            ExportCycle cycle = new ExportCycle(new Pipeline("shop", "erp", "dwh"));
            snapshot = DriverManager.getConnection("jdbc:h2:mem:");
            cycle.source = snapshot;
            cycle.intent = new Intent(1, 1, Intent.Stage.WRITING, List.of());
            return cycle;
        }
    }

    /** The row-level stage, dying of a full disk. */
    public static final class DiskFull {
        public ExportCycle export(ExportCycle cycle) throws IOException {
            throw new IOException("No space left on device");
        }
    }

    /** A stage that must not be reached. */
    public static final class Unreachable {
        public ExportCycle publish(ExportCycle cycle) {
            throw new AssertionError("reached");
        }

        public ExportCycle consume(ExportCycle cycle) {
            throw new AssertionError("reached");
        }

        public ExportCycle commit(ExportCycle cycle) {
            throw new AssertionError("reached");
        }

        public void applyRetention() {
            throw new AssertionError("reached");
        }
    }

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        super.configureTest(configuration);
        configuration.withUseAdviceWith(true);
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.withRoutesIncludePattern("classpath:routes/export.camel.yaml");
        // the single pipeline of a classic configuration: the templates become the routes of today's ids
        Map<String, String> keys = new HashMap<>(Pipelines.properties("shop", "erp", "dwh", dir.resolve("state"), dir.resolve("gateway"), "app.orders"));
        keys.put("ctsync.source.url", "jdbc:h2:mem:unused");
        keys.put("ctsync.export.schedule", "0 0 0 1 1 ? 2099");
        keys.put("ctsync.tracking.retention-schedule", "0 0 0 1 1 ? 2099");
        configuration.addRoutesBuilder(new PipelineRoutes(PipelineConfig.read(Settings.of(keys)), true));
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = new Properties();
        properties.setProperty("ctsync.export.scheduled", "false");
        return properties;
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("cycleOpener", new OpensACycle());
        registry.bind("tableExport", new DiskFull());
        Unreachable unreachable = new Unreachable();
        registry.bind("contentPublisher", unreachable);
        registry.bind("changeConsumer", unreachable);
        registry.bind("cycleCommit", unreachable);
        registry.bind("tracking", unreachable);
        registry.bind("exportJobRunner", new NoJobs());
        registry.bind("scheduleNow", new ScheduleNow(new Leadership()));
    }

    /** Starts the advised routes; their master: endpoints need a cluster service, as Ctsync gives them one. */
    private void start() throws Exception {
        FileLockClusterService leader = new FileLockClusterService();
        leader.setRoot(dir.resolve("cluster").toString());
        context.addService(leader);
        context.start();
    }

    @Test
    void aFailedStageEndsTheCycleClosedAndReachesTheCaller() throws Exception {
        MockEndpoint[] after = Crash.unreached(context, "export-cycle", "gateway", "consume-changes", "commit");
        start();

        assertThatThrownBy(() -> template.requestBody("direct:export-cycle", (Object) null))
                .isInstanceOf(CamelExecutionException.class).hasRootCauseMessage("No space left on device");
        MockEndpoint.assertIsSatisfied(after);
        assertThat(snapshot.isClosed()).as("the cycle's finally block closed it").isTrue();
    }

    @Test
    void aFailedScheduledCycleIsHandledAndTheScheduleGoesOn() throws Exception {
        AdviceWith.adviceWith(context, "export-schedule", route -> route.replaceFromWith("direct:tick"));
        NotifyBuilder fired = new NotifyBuilder(context).fromRoute("export-schedule").whenCompleted(1).create();
        start();
        context.getRouteController().startRoute("export-schedule");

        Exchange tick;
        try (ConsoleLog console = new ConsoleLog()) {
            tick = template.send("direct:tick", exchange -> { });
            assertThat(fired.matches(10, TimeUnit.SECONDS)).isTrue();
            assertThat(console.text()).as("one ERROR line, no stack trace").matches("\\S+ ERROR exporting\\s+export cycle failed: a local file:"
                    + " no space left on the device \\(fix: free space there or give it a larger volume; nothing was published and the"
                    + " next cycle writes the content again\\)\\R");
        }
        assertThat(tick.getException()).as("handled: the schedule's thread gets no exception").isNull();
        assertThat(tick.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class)).hasMessage("No space left on device");
        assertThat(snapshot.isClosed()).isTrue();
    }

    /** The export-jobs route's bean when nobody asks for an export. */
    public static final class NoJobs {

        public Object next() {
            return null;
        }

        public void finished(Object request, Object cycle) {
            throw new AssertionError("no job ran");
        }

        public void failed(Object request, Exception failure) {
            throw new AssertionError("no job ran");
        }
    }
}
