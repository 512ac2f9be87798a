package io.ctsync.gateway;

import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.ctsync.config.AzureBlobConfig;
import io.ctsync.config.ConfigException;
import io.ctsync.config.CtsyncConfig;

import java.time.Clock;
import java.time.Duration;

/**
 * Builds the Blob gateway from its keys: authenticates, sets the retry policy, and checks at
 * start-up that the container can be reached (creating it when missing), so that a wrong key
 * or a missing role is one clear line before anything is exported.
 */
public final class AzureBlobConnector {

    private static final String KEY = "ctsync.gateway.azure.";
    /** The SDK's own cap on the exponential back-off between two tries. */
    private static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(2);

    private AzureBlobConnector() {
    }

    public static AzureBlobGateway connect(CtsyncConfig.Gateway gateway) {
        return connect(gateway, Clock.systemUTC());
    }

    /** {@code clock} dates the expiry of the links the gateway signs: a test sets it far from the storage's own clock. */
    static AzureBlobGateway connect(CtsyncConfig.Gateway gateway, Clock clock) {
        AzureBlobConfig config = gateway.azure();
        BlobServiceClient service = serviceClient(config);
        BlobContainerClient container = service.getBlobContainerClient(config.container());
        try {
            container.createIfNotExists();
        } catch (BlobStorageException e) {
            throw refused(config, e);
        }
        SasSigner signer = config.usesManagedIdentity() ? SasSigner.userDelegation(service) : SasSigner.accountKey();
        return new AzureBlobGateway(container, config.prefix(), config.sasExpiry(), signer, gateway.dir(), clock);
    }

    /** For {@code --check}: the container answers with these credentials; nothing is created. */
    public static String check(CtsyncConfig.Gateway gateway) {
        AzureBlobConfig config = gateway.azure();
        BlobContainerClient container = serviceClient(config).getBlobContainerClient(config.container());
        try {
            return "container " + container.getBlobContainerUrl()
                    + (container.exists() ? " reachable" : " reachable, not created yet: created at the first run");
        } catch (BlobStorageException e) {
            throw refused(config, e);
        }
    }

    private static BlobServiceClient serviceClient(AzureBlobConfig config) {
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder().retryOptions(retryOptions(config));
        if (config.usesManagedIdentity()) {
            return builder.endpoint(config.endpoint()).credential(new DefaultAzureCredentialBuilder().build()).buildClient();
        }
        try {
            return builder.connectionString(config.connectionString()).buildClient();
        } catch (IllegalArgumentException e) {
            // the SDK's message may quote the string, and with it the account key: never pass it on
            throw new ConfigException(KEY + "connection-string", "is not a valid storage connection string",
                    "copy it from the storage account's Access keys page");
        }
    }

    /** Exponential back-off; after {@code max-tries} the call fails and so does the export cycle, using no sequence number. */
    static RequestRetryOptions retryOptions(AzureBlobConfig config) {
        Duration maxDelay = config.retryDelay().compareTo(MAX_RETRY_DELAY) > 0 ? config.retryDelay() : MAX_RETRY_DELAY;
        return new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, config.maxTries(), (Duration) null, config.retryDelay(), maxDelay, null);
    }

    private static ConfigException refused(AzureBlobConfig config, BlobStorageException e) {
        String reason = "HTTP " + e.getStatusCode() + " " + e.getErrorCode();
        if (e.getStatusCode() == 403 || e.getStatusCode() == 401) {
            return config.usesManagedIdentity()
                    ? new ConfigException(KEY + "account", "the identity was refused by " + config.endpoint() + " (" + reason + ")",
                            "grant it the Storage Blob Data Contributor role on the account or container")
                    : new ConfigException(KEY + "connection-string", "was refused by the storage account (" + reason + ")",
                            "check the account key, or copy the connection string again");
        }
        return new ConfigException(KEY + "container", "'" + config.container() + "' cannot be opened (" + reason + ")",
                "check that the container exists or that ctsync may create it");
    }
}
