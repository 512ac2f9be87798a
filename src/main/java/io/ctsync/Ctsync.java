package io.ctsync;

import com.zaxxer.hikari.HikariDataSource;
import io.ctsync.capture.TrackingInstaller;
import io.ctsync.config.ConfigException;
import io.ctsync.config.CtsyncConfig;
import io.ctsync.config.DataSources;
import io.ctsync.config.Settings;
import io.ctsync.demo.DemoShop;
import io.ctsync.exporting.ChangeConsumer;
import io.ctsync.exporting.ContentPublisher;
import io.ctsync.exporting.CycleCommit;
import io.ctsync.exporting.CycleOpener;
import io.ctsync.exporting.ExportedTables;
import io.ctsync.exporting.IntentRecovery;
import io.ctsync.exporting.TableExport;
import io.ctsync.gateway.AzureBlobConnector;
import io.ctsync.gateway.FileGateway;
import io.ctsync.gateway.Gateway;
import io.ctsync.importing.Importer;
import io.ctsync.leadership.LeaderElection;
import io.ctsync.monitoring.Metrics;
import io.ctsync.presence.PresenceLookup;
import io.ctsync.monitoring.Monitoring;
import io.ctsync.state.StateStore;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.main.MainListener;
import org.apache.camel.main.MainListenerSupport;

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
        } catch (CamelExecutionException e) {
            System.err.println("ctsync: " + oneLine(e.getCause() == null ? e : e.getCause()));
            return EXIT_FAILURE;
        } catch (Exception e) {
            System.err.println("ctsync: " + oneLine(e));
            return EXIT_FAILURE;
        }
    }

    private static String oneLine(Throwable e) {
        if (e instanceof ConfigException) {
            return e.getMessage();
        }
        String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + ": " + message;
    }

    private static int execute(Arguments arguments, MainListener listener) throws Exception {
        boolean demo = arguments.config == null;
        CtsyncMain main = new CtsyncMain();
        Settings settings = Settings.of(main.camelContext(), demo ? "classpath:demo.properties" : Settings.fileLocation(arguments.config));
        CtsyncConfig config = CtsyncConfig.from(settings);

        List<AutoCloseable> resources = new ArrayList<>();
        try {
            HikariDataSource source = config.source() == null ? null : DataSources.open(config.source(), 4);
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
            HikariDataSource target = needsTarget ? DataSources.open(config.target(), 4) : null;
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
            Metrics metrics = Monitoring.install(main, config, gateway, databases);
            main.configure().withRoutesIncludePattern(routes(config, demo));
            if (config.export().enabled()) {
                ExportedTables tables = new ExportedTables(config.tables());
                tables.checkSource(source, target);
                if (config.export().presence() && target != null) {
                    PresenceLookup.check(target);
                }
                // the beans of the export stages, by the names routes/export.camel.yaml calls them
                main.bind("cycleOpener", new CycleOpener(config, tables, source, target, state, new IntentRecovery(tables, gateway)));
                main.bind("tableExport", new TableExport(config.export(), tables, target, state, gateway));
                main.bind("contentPublisher", new ContentPublisher(gateway));
                main.bind("changeConsumer", new ChangeConsumer(tables));
                main.bind("cycleCommit", new CycleCommit(state, metrics));
                main.bind("tracking", tracking);
            }
            if (config.importing().enabled()) {
                Importer importer = new Importer(config, target, gateway, metrics);
                importer.checkTarget();
                main.bind("importer", importer);
            }
            if (demo) {
                main.bind("demoShop", new DemoShop(source));
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
    static String routes(CtsyncConfig config, boolean demo) {
        List<String> routes = new ArrayList<>();
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
            default -> throw new ConfigException("ctsync.gateway.type", "unknown gateway '" + config.gateway().type() + "'",
                    "use file or azure-blob");
        };
    }

    /** The parsed command line. */
    static final class Arguments {

        static final String USAGE = String.join("\n",
                "usage: java -jar ctsync.jar [--config FILE] [--once] [--enable-tracking]",
                "  (no --config)       run the embedded demo: an H2 shop exported into ./gateway, imported into an H2 warehouse",
                "  --config FILE       run the integration described by FILE on its schedule",
                "  --once              run one export and/or import cycle, then exit",
                "  --enable-tracking   install change tracking on the source (PostgreSQL, H2), then exit");

        Path config;
        boolean once;
        boolean enableTracking;
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
                    case "--help", "-h" -> parsed.help = true;
                    default -> throw new ConfigException(args[i], "unknown option", "see --help");
                }
            }
            return parsed;
        }
    }
}
