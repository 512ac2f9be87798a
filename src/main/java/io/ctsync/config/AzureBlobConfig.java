package io.ctsync.config;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The {@code ctsync.gateway.azure.*} keys of the Azure Blob gateway. Exactly one way to
 * authenticate: a connection string (account key, SAS signed with it) or an account name with
 * Azure's default credential chain (managed identity; SAS signed with a user-delegation key).
 *
 * @param connectionString a secret: it holds the account key, so {@link #toString()} leaves it out
 * @param endpoint         the blob endpoint used with {@code account}; ignored with a connection string
 * @param prefix           the folder inside the container, without leading or trailing slashes; may be empty
 */
public record AzureBlobConfig(String connectionString, String account, String endpoint, String container, String prefix,
                              Duration sasExpiry, int maxTries, Duration retryDelay) {

    private static final String KEY = "ctsync.gateway.azure.";
    /** A user-delegation key, and so a SAS signed with one, lives at most seven days. */
    static final Duration USER_DELEGATION_LIMIT = Duration.ofDays(7);
    private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");
    private static final Pattern CONTAINER = Pattern.compile("(?=.{3,63}$)[a-z0-9](?!.*--)[a-z0-9-]*[a-z0-9]");

    public static AzureBlobConfig read(Settings settings) {
        String connectionString = settings.get(KEY + "connection-string");
        String account = settings.get(KEY + "account");
        if ((connectionString == null) == (account == null)) {
            throw new ConfigException(KEY + "connection-string", connectionString == null
                    ? "and " + KEY + "account are both unset" : "and " + KEY + "account are both set",
                    "set the connection string (account key) or the account name (managed identity), not both");
        }
        if (account != null && !ACCOUNT.matcher(account).matches()) {
            throw new ConfigException(KEY + "account", "'" + account + "' is not a storage account name",
                    "use the account's name: 3 to 24 lowercase letters and digits");
        }
        String container = settings.require(KEY + "container", "name the blob container, e.g. " + KEY + "container=ctsync");
        if (!CONTAINER.matcher(container).matches()) {
            throw new ConfigException(KEY + "container", "'" + container + "' is not a valid container name",
                    "use 3 to 63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit");
        }
        String prefix = settings.get(KEY + "prefix", "").replaceAll("^/+|/+$", "");
        Duration sasExpiry = settings.getDuration(KEY + "sas-expiry", USER_DELEGATION_LIMIT);
        if (sasExpiry.isNegative() || sasExpiry.isZero()) {
            throw new ConfigException(KEY + "sas-expiry", "must be longer than zero", "write for example P7D or PT12H");
        }
        if (account != null && sasExpiry.compareTo(USER_DELEGATION_LIMIT) > 0) {
            throw new ConfigException(KEY + "sas-expiry", "is longer than the 7 days a user-delegation SAS can live",
                    "use P7D or less with " + KEY + "account");
        }
        String endpoint = settings.get(KEY + "endpoint", account == null ? null : "https://" + account + ".blob.core.windows.net");
        return new AzureBlobConfig(connectionString, account, endpoint, container, prefix, sasExpiry,
                settings.getInt(KEY + "max-tries", 4, 1),
                settings.getDuration(KEY + "retry-delay", Duration.ofSeconds(4)));
    }

    public boolean usesManagedIdentity() {
        return account != null;
    }

    @Override
    public String toString() {
        return "AzureBlobConfig[" + (usesManagedIdentity() ? "account=" + account + ", endpoint=" + endpoint : "connection-string=***")
                + ", container=" + container + ", prefix=" + prefix + ", sasExpiry=" + sasExpiry
                + ", maxTries=" + maxTries + ", retryDelay=" + retryDelay + "]";
    }
}
