package io.ctsync;

import com.zaxxer.hikari.HikariDataSource;
import io.ctsync.capture.TrackingInstaller;
import io.ctsync.config.ConfigException;
import io.ctsync.config.CtsyncConfig;
import io.ctsync.config.DataSources;
import io.ctsync.config.Settings;
import io.ctsync.demo.DemoShop;
import io.ctsync.exporting.Exporter;
import io.ctsync.gateway.FileGateway;
import io.ctsync.gateway.Gateway;
import io.ctsync.importing.Importer;
import io.ctsync.state.StateStore;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.main.Main;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The command line (DESIGN.md, "Command line"): checks the configuration and the databases,
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
        try {
            Arguments arguments = Arguments.parse(args);
            if (arguments.help) {
                System.out.println(Arguments.USAGE);
                return 0;
            }
            return execute(arguments);
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

    private static int execute(Arguments arguments) throws Exception {
        boolean demo = arguments.config == null;
        Settings settings = demo ? Settings.layered(Settings.readClasspath("demo.properties")) : Settings.load(arguments.config);
        CtsyncConfig config = CtsyncConfig.from(settings);

        List<AutoCloseable> resources = new ArrayList<>();
        try {
            HikariDataSource source = config.source() == null ? null : DataSources.open(config.source(), 4);
            resources.add(source);
            if (demo) {
                new DemoShop(source).create();
            }
            if (arguments.enableTracking || demo) {
                new TrackingInstaller(source).enable(config.tables());
                if (arguments.enableTracking) {
                    return 0;
                }
            }
            HikariDataSource stateDb = DataSources.open(config.state(), 4);
            resources.add(stateDb);
            StateStore state = new StateStore(stateDb);
            Gateway gateway = gateway(config);

            Main main = new Main();
            Properties properties = settings.asProperties();
            boolean scheduled = !arguments.once;
            properties.setProperty("ctsync.export.scheduled", Boolean.toString(scheduled && config.export().enabled()));
            properties.setProperty("ctsync.import.scheduled", Boolean.toString(scheduled && config.importing().enabled()));
            main.setOverrideProperties(properties);
            if (demo) {
                main.configure().withRoutesIncludePattern("classpath:routes/*.camel.yaml,classpath:demo/*.camel.yaml");
            }
            // a disabled side's routes would refer to a bean that is not bound
            List<String> disabledRoutes = new ArrayList<>();
            if (!config.export().enabled()) {
                disabledRoutes.add("**/export.camel.yaml");
            }
            if (!config.importing().enabled()) {
                disabledRoutes.add("**/import.camel.yaml");
            }
            main.configure().withRoutesExcludePattern(String.join(",", disabledRoutes));
            if (config.export().enabled()) {
                Exporter exporter = new Exporter(config, source, state, gateway);
                exporter.checkSource();
                main.bind("exporter", exporter);
            }
            if (config.importing().enabled()) {
                HikariDataSource target = DataSources.open(config.target(), 4);
                resources.add(target);
                Importer importer = new Importer(config, target, gateway);
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

    static Gateway gateway(CtsyncConfig config) {
        return switch (config.gateway().type()) {
            case "file" -> new FileGateway(config.gateway().dir());
            default -> throw new ConfigException("ctsync.gateway.type", "unknown gateway '" + config.gateway().type() + "'",
                    "use file");
        };
    }

    /** The parsed command line. */
    static final class Arguments {

        static final String USAGE = String.join("\n",
                "usage: java -jar ctsync.jar [--config FILE] [--once] [--enable-tracking]",
                "  (no --config)       run the embedded demo: an H2 shop exported into ./gateway",
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
