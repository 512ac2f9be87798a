package io.ctsync.testing;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Azurite blob service that scripts/ensure-azurite.sh starts on 127.0.0.1:10000, with
 * Azurite's well-known development account; each test gets a container of its own.
 */
public final class Azurite {

    public static final String HOST = "127.0.0.1";
    public static final int PORT = 10000;
    public static final String ACCOUNT = "devstoreaccount1";
    /** Azurite's published development key: not a secret, the same on every machine. */
    public static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private Azurite() {
    }

    /** A connection string reaching Azurite through {@code port} (Azurite's own, or a proxy's in front of it). */
    public static String connectionString(int port) {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY
                + ";BlobEndpoint=http://" + HOST + ":" + port + "/" + ACCOUNT + ";";
    }

    public static String connectionString() {
        return connectionString(PORT);
    }

    /** A fresh container name, unique across test runs sharing one Azurite. */
    public static String newContainerName() {
        return "ctsync-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
    }

    /** A client for a container, failing with the fix when Azurite is not running. */
    public static BlobContainerClient container(String name) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, PORT), 1000);
        } catch (IOException e) {
            throw new AssertionError("Azurite does not answer on " + HOST + ":" + PORT + "; run scripts/ensure-azurite.sh (scripts/test.sh does)", e);
        }
        return new BlobServiceClientBuilder().connectionString(connectionString()).buildClient().getBlobContainerClient(name);
    }
}
