package io.ctsync.failure;

import com.azure.storage.blob.models.BlobStorageException;
import io.ctsync.config.ConfigException;
import io.ctsync.config.Database;
import io.ctsync.packaging.CorruptContentException;
import org.slf4j.Logger;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.FileSystemException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one place where ctsync's expected failures are recognised and said as one line
 * (docs/operations.md, "Failures"): {@code <what failed>: <why> (fix: ...)}, naming the database, directory
 * or container concerned. A database down or gone, a disk full, refused credentials, a corrupt
 * content, bad configuration: each has its sentence and its fix. Anything else is its own first
 * line and the way to its stack trace, which is only ever logged at DEBUG.
 */
public final class Failures {

    /** SQLStates of a connection that is lost or cannot be made: class 08, PostgreSQL's shutdowns and "cannot connect now". */
    private static final Set<String> CONNECTION_LOST = Set.of("57P01", "57P02", "57P03");
    /** SQLStates of refused credentials: PostgreSQL's wrong password and invalid authorization. */
    private static final Set<String> LOGIN_REFUSED = Set.of("28P01", "28000");
    /** SQL Server's "Login failed for user" (Msg 18456). */
    private static final int SQLSERVER_LOGIN_FAILED = 18456;
    /** PostgreSQL's "database does not exist", H2's "database not found". */
    private static final Set<String> DATABASE_GONE = Set.of("3D000", "90146");
    private static final String DEBUG_FIX = "the stack trace is logged at DEBUG: run with -Dctsync.log.level=DEBUG";

    private Failures() {
    }

    /** Marks the failure as having happened at the database; the first place given to a failure stays. */
    public static <T extends Throwable> T at(Database database, T failure) {
        return at(failure, database.role() + " database " + database.safeUrl(),
                "ctsync." + database.role() + ".username and ctsync." + database.role() + ".password");
    }

    /** Marks the failure as having happened at a place (a directory, a container); the first place given stays. */
    public static <T extends Throwable> T at(T failure, String place, String settings) {
        if (placeOf(failure).isEmpty()) {
            failure.addSuppressed(new Place(place, settings));
        }
        return failure;
    }

    /** The line for the console and the log, without the leading {@code ctsync: }. */
    public static String oneLine(Throwable failure) {
        List<Throwable> chain = chain(failure);
        Optional<ConfigException> config = first(chain, ConfigException.class);
        if (config.isPresent()) {
            return config.get().getMessage();
        }
        Optional<Place> place = causes(failure).stream().map(Failures::placeOf).flatMap(Optional::stream).findFirst();
        String where = place.map(Place::description).orElse(null);
        for (Throwable cause : chain) {
            if (isDiskFull(cause)) {
                String directory = cause instanceof FileSystemException file && file.getFile() != null ? "file " + file.getFile()
                        : where == null ? "a local file" : where;
                return directory + ": no space left on the device (fix: free space there or give it a larger volume;"
                        + " nothing was published and the next cycle writes the content again)";
            }
        }
        Optional<String> database = database(chain, where, place.map(Place::settings).orElse(null));
        if (database.isPresent()) {
            return database.get();
        }
        Optional<BlobStorageException> storage = first(chain, BlobStorageException.class);
        if (storage.isPresent()) {
            return azure(storage.get(), where == null ? "the azure blob gateway" : where);
        }
        if (first(chain, CorruptContentException.class).isPresent()) {
            return firstLine(chain.get(0)) + " (fix: replace it in the gateway with an intact copy, e.g. publish it again from the"
                    + " exporter; until then it is tried every import cycle and the contents after it wait)";
        }
        Throwable own = chain.stream().filter(Failures::isOwn).findFirst().orElse(chain.get(0));
        String line = firstLine(own);
        String what = where == null || line.startsWith(where) ? "" : where + ": ";
        return isOwn(own) ? what + line : what + own.getClass().getSimpleName() + ": " + line + " (fix: " + DEBUG_FIX + ")";
    }

    /** Logs a failed cycle as one ERROR line (docs/operations.md, "Failures"), its stack trace at DEBUG. */
    public static void log(Logger log, String what, Throwable failure) {
        log.error("{} failed: {}", what, oneLine(failure));
        log.debug("{} failed", what, failure);
    }

    private static Optional<String> database(List<Throwable> chain, String where, String settings) {
        Optional<SQLException> sql = first(chain, SQLException.class);
        if (sql.isEmpty()) {
            return Optional.empty();
        }
        String database = where == null ? "a database" : where;
        for (SQLException e : sqlCauses(chain)) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (LOGIN_REFUSED.contains(state) || e.getErrorCode() == SQLSERVER_LOGIN_FAILED) {
                return Optional.of(database + ": login refused (" + rootLine(e) + ") (fix: check "
                        + (settings == null ? "the username and password" : settings) + ")");
            }
            if (DATABASE_GONE.contains(state)) {
                return Optional.of(database + ": the database is gone (" + rootLine(e) + ") (fix: restore it, or point the URL at"
                        + " the database that replaced it)");
            }
        }
        for (SQLException e : sqlCauses(chain)) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.startsWith("08") || CONNECTION_LOST.contains(state) || e instanceof SQLTransientConnectionException) {
                return Optional.of(unreachable(database, rootLine(e)));
            }
        }
        return chain.stream().filter(Failures::isNetwork).findFirst().map(network -> unreachable(database, firstLine(network)));
    }

    private static String unreachable(String database, String why) {
        return database + ": unreachable or lost (" + why + ") (fix: check that the database is up and reachable from here;"
                + " the next cycle starts again where this one stopped)";
    }

    private static String azure(BlobStorageException e, String container) {
        String code = "HTTP " + e.getStatusCode() + " " + e.getErrorCode();
        if (e.getStatusCode() == 401 || e.getStatusCode() == 403) {
            return container + ": the storage account refused ctsync's credentials (" + code + ") (fix: check the account key in"
                    + " ctsync.gateway.azure.connection-string, or the role of the identity)";
        }
        if (e.getStatusCode() == 404) {
            return container + ": not found (" + code + ") (fix: check ctsync.gateway.azure.container and the account, or create"
                    + " the container)";
        }
        return container + ": " + code + " (fix: " + DEBUG_FIX + ")";
    }

    private static boolean isDiskFull(Throwable e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String reason = e instanceof FileSystemException file && file.getReason() != null ? file.getReason() : message;
        return reason.contains("No space left on device") || reason.contains("Disk quota exceeded");
    }

    private static boolean isNetwork(Throwable e) {
        return e instanceof ConnectException || e instanceof NoRouteToHostException || e instanceof UnknownHostException
                || e instanceof SocketException;
    }

    /** ctsync's own exceptions say what happened in words; a library's are named by their type. */
    private static boolean isOwn(Throwable e) {
        return e.getClass().getName().startsWith("io.ctsync.");
    }

    /** The failure and its causes, outermost first, without Camel's and Java's wrappers around the real failure. */
    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = causes(failure);
        List<Throwable> unwrapped = chain.stream().filter(e -> !isWrapper(e)).toList();
        return unwrapped.isEmpty() ? chain : unwrapped;
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable e = failure; e != null && !chain.contains(e) && chain.size() < 50; e = e.getCause()) {
            chain.add(e);
        }
        return chain;
    }

    private static boolean isWrapper(Throwable e) {
        String name = e.getClass().getName();
        return e.getCause() != null && (name.startsWith("org.apache.camel.") || e instanceof java.io.UncheckedIOException
                || e instanceof java.util.concurrent.ExecutionException || e instanceof java.lang.reflect.InvocationTargetException);
    }

    private static List<SQLException> sqlCauses(List<Throwable> chain) {
        List<SQLException> causes = new ArrayList<>();
        for (Throwable cause : chain) {
            for (SQLException e = cause instanceof SQLException sql ? sql : null; e != null && !causes.contains(e); e = e.getNextException()) {
                causes.add(e);
            }
        }
        return causes;
    }

    private static <T> Optional<T> first(List<Throwable> chain, Class<T> type) {
        return chain.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    private static Optional<Place> placeOf(Throwable e) {
        for (Throwable suppressed : e.getSuppressed()) {
            if (suppressed instanceof Place place) {
                return Optional.of(place);
            }
        }
        return Optional.empty();
    }

    /** The innermost cause's first line: a pool's "not available" says less than the refused connection under it. */
    private static String rootLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return firstLine(root);
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("").strip();
    }
}
