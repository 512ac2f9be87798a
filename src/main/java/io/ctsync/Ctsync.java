package io.ctsync;

import com.zaxxer.hikari.HikariDataSource;
import io.ctsync.capture.TrackingInstaller;
import io.ctsync.api.Api;
import io.ctsync.api.ApiAccess;
import io.ctsync.api.ApiServer;
import io.ctsync.config.ConfigException;
import io.ctsync.config.CtsyncConfig;
import io.ctsync.config.DataSources;
import io.ctsync.config.Settings;
import io.ctsync.demo.DemoBanner;
import io.ctsync.demo.DemoShop;
import io.ctsync.exporting.ChangeConsumer;
import io.ctsync.exporting.ContentPublisher;
import io.ctsync.exporting.CycleCommit;
import io.ctsync.exporting.CycleOpener;
import io.ctsync.exporting.ExportJobRunner;
import io.ctsync.exporting.ExportedTables;
import io.ctsync.exporting.TrackingInspection;
import io.ctsync.exporting.IntentRecovery;
import io.ctsync.exporting.TableExport;
import io.ctsync.failure.Failures;
import io.ctsync.gateway.AzureBlobConnector;
import io.ctsync.gateway.FileGateway;
import io.ctsync.gateway.Gateway;
import io.ctsync.importing.Importer;
import io.ctsync.leadership.LeaderElection;
import io.ctsync.monitoring.CycleHistory;
import io.ctsync.monitoring.Metrics;
import io.ctsync.presence.PresenceLookup;
import io.ctsync.monitoring.Monitoring;
import io.ctsync.state.ExportJobs;
import io.ctsync.state.Pipeline;
import io.ctsync.state.StateStore;
import org.apache.camel.main.MainListener;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * The command line (README.md, "Command line"): checks the configuration and the databases,
 * wires the beans, and runs the routes of {@code routes/} on their schedule or once.
 */
public final class Ctsync {

    private static final Logger LOG = LoggerFactory.getLogger(Ctsync.class);
    static final int EXIT_FAILURE = 1;
    static final int EXIT_CONFIG = 2;
    /** How many cycles {@code GET /api/cycles} can show. */
    private static final int CYCLES_KEPT = 50;

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
            // one line for the person at the terminal (README.md, "Failures"); the stack trace only at DEBUG
            System.err.println("ctsync: " + Failures.oneLine(e));
            LOG.debug("the run failed", e);
            return EXIT_FAILURE;
        }
    }

    private static int execute(Arguments arguments, MainListener listener) throws Exception {
        boolean demo = arguments.config == null;
        CtsyncMain main = new CtsyncMain();
        Settings settings = Settings.of(main.camelContext(), demo ? "classpath:demo.properties" : Settings.fileLocation(arguments.config));
        CtsyncConfig config = CtsyncConfig.from(settings);
        if (arguments.check) {
            return new Check(config, System.out).run();
        }

        List<AutoCloseable> resources = new ArrayList<>();
        try {
            // a cycle may hold its connection, a second reader in its snapshot and the change tables' (README.md, "Export speed")
            HikariDataSource source = config.source() == null ? null : DataSources.open(config.source(), 5);
            resources.add(source);
            if (demo) {
                try (HikariDataSource warehouse = DataSources.open(config.target(), 1)) {
                    new DemoShop(source).create(warehouse);
                }
            }
            TrackingInstaller tracking = source == null ? null : new TrackingInstaller(source, config.tables(), config.trackingRetention());
            if (arguments.enableTracking || demo) {
                tracking.enable();
                if (arguments.enableTracking) {
                    return 0;
                }
            }
            Gateway gateway = gateway(config);
            HikariDataSource stateDb = DataSources.open(config.state(), 4);
            resources.add(stateDb);
            boolean needsTarget = config.importing().enabled() || (config.export().enabled() && config.target() != null
                    && (config.export().presence() || config.tables().stream().anyMatch(t -> t.capture().readsTarget())));
            // presence reads on two connections in one snapshot beside the import and the API
            HikariDataSource target = needsTarget ? DataSources.open(config.target(), 5) : null;
            resources.add(target);
            StateStore state = new StateStore(stateDb);

            main.addMainListener(listener);
            Properties properties = new Properties();
            boolean scheduled = !arguments.once;
            properties.setProperty("ctsync.export.scheduled", Boolean.toString(scheduled && config.export().enabled()));
            properties.setProperty("ctsync.import.scheduled", Boolean.toString(scheduled && config.importing().enabled()));
            if (!scheduled) {
                // one cycle and exit: nobody would probe or scrape it, and it must not take the port of a running instance
                properties.setProperty("camel.management.enabled", "false");
                properties.setProperty("camel.metrics.enabled", "false");
            }
            ApiAccess access = new ApiAccess(settings.get("ctsync.api.token"));
            if (scheduled) {
                properties.putAll(ApiServer.properties(access, settings.get("camel.server.port"), settings.get("camel.server.host")));
            }
            main.setOverrideProperties(properties);
            main.bind(LeaderElection.BEAN, LeaderElection.clusterService(settings, config));
            Map<String, DataSource> databases = new LinkedHashMap<>();
            if (source != null) {
                databases.put("source", source);
            }
            databases.put("state", stateDb);
            if (target != null) {
                databases.put("target", target);
            }
            CycleHistory history = new CycleHistory(CYCLES_KEPT);
            Metrics metrics = Monitoring.install(main, config, gateway, databases, history);
            main.configure().withRoutesIncludePattern(routes(config, demo, scheduled));
            ExportJobs jobs = new ExportJobs(stateDb);
            TrackingInspection inspection = null;
            if (config.export().enabled()) {
                ExportedTables tables = new ExportedTables(config.tables());
                tables.checkSource(source, target);
                if (config.export().presence() && target != null) {
                    PresenceLookup.check(target);
                }
                // the beans of the export stages, by the names routes/export.camel.yaml calls them
                main.bind("cycleOpener", new CycleOpener(config, tables, source, target, state, new IntentRecovery(tables, gateway), jobs));
                main.bind("tableExport", new TableExport(config.export(), tables, target, state, gateway, jobs));
                main.bind("contentPublisher", new ContentPublisher(gateway));
                main.bind("changeConsumer", new ChangeConsumer(tables));
                main.bind("cycleCommit", new CycleCommit(state, metrics));
                main.bind("tracking", tracking);
                inspection = new TrackingInspection(config, tables, source, target, state);
                main.bind("exportJobRunner", new ExportJobRunner(new Pipeline(config.application(), config.sourceName(),
                        config.destinationName()), jobs));
            }
            if (config.importing().enabled()) {
                Importer importer = new Importer(config, target, gateway, metrics);
                importer.checkTarget();
                importer.createImportLog();
                main.bind("importer", importer);
            }
            if (scheduled) {
                Api.bind(main, access, config, gateway, target, history, jobs, inspection);
            }
            if (demo) {
                main.bind("demoShop", new DemoShop(source));
                main.addMainListener(new DemoBanner(config, "http://127.0.0.1:" + properties.getProperty("camel.server.port") + "/"));
            }
            if (arguments.once) {
                main.start();
                try {
                    if (config.export().enabled()) {
                        main.getCamelTemplate().requestBody("direct:export-cycle", (Object) null);
                    }
                    if (config.importing().enabled()) {
                        main.getCamelTemplate().requestBody("direct:import-cycle", (Object) null);
                    }
                } finally {
                    main.stop();
                }
            } else {
                main.run();
            }
            return 0;
        } finally {
            for (AutoCloseable resource : resources) {
                if (resource != null) {
                    resource.close();
                }
            }
        }
    }

    /** The route files this instance runs, listed one by one: a wildcard would make Camel scan the whole jar. */
    static String routes(CtsyncConfig config, boolean demo, boolean scheduled) {
        List<String> routes = new ArrayList<>();
        if (scheduled) {
            routes.add("classpath:routes/api.camel.yaml");
        }
        if (config.export().enabled()) {
            routes.add("classpath:routes/export.camel.yaml");
        }
        if (config.importing().enabled()) {
            routes.add("classpath:routes/import.camel.yaml");
        }
        if (demo) {
            routes.add("classpath:demo/demo-changes.camel.yaml");
        }
        return String.join(",", routes);
    }

    static Gateway gateway(CtsyncConfig config) {
        return switch (config.gateway().type()) {
            case "file" -> new FileGateway(config.gateway().dir());
            case "azure-blob" -> AzureBlobConnector.connect(config.gateway());
            default -> throw unknownGateway(config.gateway().type());
        };
    }

    static ConfigException unknownGateway(String type) {
        return new ConfigException("ctsync.gateway.type", "unknown gateway '" + type + "'", "use file or azure-blob");
    }

    /** The parsed command line. */
    static final class Arguments {

        static final String USAGE = String.join("\n",
                "usage: java -jar ctsync.jar [--config FILE] [--once | --check | --enable-tracking]",
                "  (no --config)       run the embedded demo: an H2 shop exported into ./gateway, imported into an H2 warehouse",
                "  --config FILE       run the integration described by FILE on its schedule",
                "  --once              run one export and/or import cycle, then exit",
                "  --check             check the configuration, the databases, the tracking and the gateway, one line each,",
                "                      writing nothing; exit 0 when all are ok, 2 otherwise",
                "  --enable-tracking   install change tracking on the source (PostgreSQL, H2), then exit");

        Path config;
        boolean once;
        boolean enableTracking;
        boolean check;
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
                    case "--help", "-h" -> parsed.help = true;
                    default -> throw new ConfigException(args[i], "unknown option", "see --help");
                }
            }
            if (parsed.check && (parsed.config == null || parsed.once || parsed.enableTracking)) {
                throw new ConfigException("--check", "checks a configuration and does nothing else", "run --config FILE --check alone");
            }
            return parsed;
        }
    }
}
