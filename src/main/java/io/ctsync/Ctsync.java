package io.ctsync;

import io.ctsync.capture.TrackingInstaller;
import io.ctsync.capture.WalInstaller;
import io.ctsync.db.Pool;
import io.ctsync.state.Pipeline;
import io.ctsync.api.ApiConfiguration;
import io.ctsync.api.ApiAccess;
import io.ctsync.api.ApiServer;
import io.ctsync.config.ConfigException;
import io.ctsync.config.CtsyncConfig;
import io.ctsync.config.PipelineConfig;
import io.ctsync.config.Settings;
import io.ctsync.demo.DemoBanner;
import io.ctsync.exporting.ExportCycle;
import io.ctsync.failure.Failures;
import io.ctsync.leadership.LeaderElection;
import io.ctsync.leadership.Leadership;
import io.ctsync.monitoring.Monitoring;
import io.ctsync.pipeline.CycleThreads;
import io.ctsync.pipeline.PipelineRoutes;
import io.ctsync.pipeline.PipelineStartup;
import io.ctsync.pipeline.SharedPools;
import io.ctsync.verify.Verify;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.main.MainListener;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The command line (docs/operations.md, "Command line"): reads the configuration, hands Camel Main the
 * process's and each pipeline's configuration class, and runs the routes of {@code routes/} on
 * their schedule or once.
 */
public final class Ctsync {

    private static final Logger LOG = LoggerFactory.getLogger(Ctsync.class);
    static final int EXIT_FAILURE = 1;
    static final int EXIT_CONFIG = 2;

    private Ctsync() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the process exit code; failures print one line to standard error. */
    public static int run(String... args) {
        return run(new MainListenerSupport(), args);
    }

    /**
     * As {@link #run(String...)}, with a listener on the Camel Main: tests use it to advise the
     * real routes (AdviceWith) after they are loaded and before they start.
     */
    public static int run(MainListener listener, String... args) {
        try {
            Arguments arguments = Arguments.parse(args);
            if (arguments.help) {
                System.out.println(Arguments.USAGE);
                return 0;
            }
            return execute(arguments, listener);
        } catch (ConfigException e) {
            System.err.println("ctsync: " + e.getMessage());
            return EXIT_CONFIG;
        } catch (Exception e) {
            // one line for the person at the terminal (docs/operations.md, "Failures"); the stack trace only at DEBUG
            System.err.println("ctsync: " + Failures.oneLine(e));
            LOG.debug("the run failed", e);
            return EXIT_FAILURE;
        }
    }

    private static int execute(Arguments arguments, MainListener listener) throws Exception {
        boolean demo = arguments.config == null;
        CtsyncMain main = new CtsyncMain();
        Settings settings = Settings.of(main.camelContext(), demo ? "classpath:demo.properties" : Settings.fileLocation(arguments.config));
        List<PipelineConfig> pipelines = PipelineConfig.read(settings);
        if (arguments.check) {
            return Check.all(pipelines, System.out);
        }
        if (arguments.verify) {
            return Verify.all(pipelines, System.out);
        }
        try (SharedPools pools = new SharedPools()) {
            if (arguments.enableTracking) {
                for (CtsyncConfig config : pipelines.stream().map(PipelineConfig::config).filter(c -> c.source() != null).toList()) {
                    Pool source = pools.open(config.source(), 1);
                    new TrackingInstaller(source, config.tables(), config.trackingRetention()).enable();
                    new WalInstaller(source, config.tables(), Pipeline.of(config)).enable();
                }
                return 0;
            }
            CtsyncConfig single = pipelines.size() == 1 ? pipelines.get(0).config() : null;
            boolean scheduled = !arguments.once;
            Leadership leadership = new Leadership();
            ApiAccess access = new ApiAccess(settings.get("ctsync.api.token"));
            ApiConfiguration api = scheduled ? new ApiConfiguration(access, leadership) : null;
            PrometheusMeterRegistry registry = Monitoring.install(main, single);
            // the pipelines' pools and start-up checks run while Camel Main boots; their beans are bound
            // before the caller's listener sees the routes
            try (PipelineStartup startup = PipelineStartup.begin(pipelines, pools, registry, demo, api)) {
                main.addMainListener(startup);
                main.addMainListener(listener);
                Properties properties = new Properties();
                properties.setProperty("ctsync.export.scheduled", Boolean.toString(scheduled && anyExports(pipelines)));
                properties.setProperty("ctsync.import.scheduled", Boolean.toString(scheduled && anyImports(pipelines)));
                if (!scheduled) {
                    // one cycle and exit: nobody would probe or scrape it, and it must not take the port of a running instance
                    properties.setProperty("camel.management.enabled", "false");
                    properties.setProperty("camel.metrics.enabled", "false");
                }
                if (scheduled) {
                    properties.putAll(ApiServer.properties(access, settings.get("camel.server.port"), settings.get("camel.server.host")));
                }
                main.setOverrideProperties(properties);
                // only the scheduled routes elect a leader and fire from Quartz: --once starts neither
                main.configure().addConfiguration(new ProcessConfiguration(
                        scheduled ? CycleThreads.quartz(settings.getInt("ctsync.cycle-threads", CycleThreads.DEFAULT, 1)) : null,
                        scheduled ? LeaderElection.clusterService(settings, single, leadership) : null, leadership));
                main.configure().withRoutesIncludePattern(routes(pipelines, demo, scheduled));
                main.configure().addRoutesBuilder(new PipelineRoutes(pipelines, scheduled));
                if (api != null) {
                    main.configure().addConfiguration(api);
                }
                if (demo) {
                    main.addMainListener(new DemoBanner(single, "http://127.0.0.1:" + properties.getProperty("camel.server.port") + "/"));
                }
                try {
                    if (arguments.once) {
                        runOnce(main, pipelines);
                    } else {
                        main.run();
                    }
                } catch (Exception failed) {
                    // a refusal of the start-up checks is the first failure, as when they ran before Camel Main booted
                    startup.rethrowFailure();
                    throw failed;
                }
                return 0;
            }
        }
    }

    /**
     * {@code --once}: one export and one import cycle of each pipeline, one after the other; while
     * a table has backfill chunks left, one more of each (docs/design.md, "Backfills").
     */
    private static void runOnce(CtsyncMain main, List<PipelineConfig> pipelines) throws Exception {
        main.start();
        try {
            for (PipelineConfig pipeline : pipelines) {
                boolean backfilling = true;
                while (backfilling) {
                    backfilling = false;
                    if (pipeline.config().export().enabled()) {
                        ExportCycle cycle = main.getCamelTemplate().requestBody("direct:" + pipeline.routePrefix() + "export-cycle",
                                (Object) null, ExportCycle.class);
                        backfilling = cycle != null && cycle.backfillPending();
                    }
                    if (pipeline.config().importing().enabled()) {
                        main.getCamelTemplate().requestBody("direct:" + pipeline.routePrefix() + "import-cycle", (Object) null);
                    }
                }
            }
        } finally {
            main.stop();
        }
    }

    /**
     * The route files this instance runs, listed one by one: a wildcard would make Camel scan the
     * whole jar. The export and import files hold the templates that {@link PipelineRoutes} instantiates.
     */
    static String routes(List<PipelineConfig> pipelines, boolean demo, boolean scheduled) {
        List<String> routes = new ArrayList<>();
        if (scheduled) {
            routes.add("classpath:routes/api.camel.yaml");
        }
        if (anyExports(pipelines)) {
            routes.add("classpath:routes/export.camel.yaml");
        }
        if (anyImports(pipelines)) {
            routes.add("classpath:routes/import.camel.yaml");
        }
        if (demo) {
            routes.add("classpath:demo/demo-changes.camel.yaml");
        }
        return String.join(",", routes);
    }

    private static boolean anyExports(List<PipelineConfig> pipelines) {
        return pipelines.stream().anyMatch(p -> p.config().export().enabled());
    }

    private static boolean anyImports(List<PipelineConfig> pipelines) {
        return pipelines.stream().anyMatch(p -> p.config().importing().enabled());
    }

    /** The parsed command line. */
    static final class Arguments {

        static final String USAGE = String.join("\n",
                "usage: java -jar ctsync.jar [--config FILE] [--once | --check | --verify | --enable-tracking]",
                "  (no --config)       run the embedded demo: an H2 shop exported into ./gateway, imported into an H2 warehouse",
                "  --config FILE       run the integration described by FILE on its schedule",
                "  --once              run one export and/or import cycle, then exit",
                "  --check             check the configuration, the databases, the tracking and the gateway, one line each,",
                "                      writing nothing; exit 0 when all are ok, 2 otherwise",
                "  --verify            compare every table's source rows with its target rows, reading only; exit 0 when",
                "                      equal (keys changed since the last import aside), 3 when not",
                "  --enable-tracking   install change tracking on the source (PostgreSQL, H2), then exit");

        Path config;
        boolean once;
        boolean enableTracking;
        boolean check;
        boolean verify;
        boolean help;

        static Arguments parse(String... args) {
            Arguments parsed = new Arguments();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--config" -> {
                        if (i + 1 >= args.length) {
                            throw new ConfigException("--config", "needs a file", "write --config path/to/application.properties");
                        }
                        parsed.config = Path.of(args[++i]);
                    }
                    case "--once" -> parsed.once = true;
                    case "--enable-tracking" -> parsed.enableTracking = true;
                    case "--check" -> parsed.check = true;
                    case "--verify" -> parsed.verify = true;
                    case "--help", "-h" -> parsed.help = true;
                    default -> throw new ConfigException(args[i], "unknown option", "see --help");
                }
            }
            if (parsed.check && (parsed.config == null || parsed.once || parsed.enableTracking)) {
                throw new ConfigException("--check", "checks a configuration and does nothing else", "run --config FILE --check alone");
            }
            if (parsed.verify && (parsed.config == null || parsed.once || parsed.enableTracking || parsed.check)) {
                throw new ConfigException("--verify", "compares a configuration's tables and does nothing else", "run --config FILE --verify alone");
            }
            return parsed;
        }
    }
}
