package io.ctsync.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a server that can drop connections in the middle of a request: a
 * connection chosen to fail is reset once it has carried a given number of bytes towards the
 * server. This is how an upload is interrupted for real, on the wire, with no hook in the code
 * under test.
 */
public final class FlakyProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String upstreamHost;
    private final int upstreamPort;
    private final AtomicInteger connectionsToFail = new AtomicInteger();
    private final AtomicInteger resets = new AtomicInteger();
    private volatile long bytesBeforeReset;

    public FlakyProxy(String upstreamHost, int upstreamPort) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        Thread acceptor = new Thread(this::accept, "flaky-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The next {@code connections} connections that send more than {@code bytes} bytes towards the server are reset there. */
    public void failConnections(int connections, long bytes) {
        bytesBeforeReset = bytes;
        connectionsToFail.set(connections);
    }

    /** Every connection that sends more than {@code bytes} bytes is reset there, until {@link #heal()}. */
    public void failEveryConnection(long bytes) {
        failConnections(Integer.MAX_VALUE, bytes);
    }

    public void heal() {
        connectionsToFail.set(0);
    }

    /** How many connections were reset mid-way so far. */
    public int resets() {
        return resets.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(upstreamHost, upstreamPort);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (IOException e) {
                // closed, or the upstream refused: the client sees its connection drop
            }
        }
    }

    /**
     * Forwards one direction. An upload that crosses the byte limit is cut while failures are still
     * owed, whichever connection carries it (a client may reuse a pooled connection or open a new one).
     */
    private void pump(Socket from, Socket to, boolean upload) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            long forwarded = 0;
            long limit = upload ? bytesBeforeReset : Long.MAX_VALUE;
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    int allowed = (int) Math.min(n, limit - forwarded);
                    out.write(buffer, 0, allowed);
                    forwarded += allowed;
                    if (forwarded >= limit) {
                        if (connectionsToFail.getAndUpdate(left -> Math.max(0, left - 1)) == 0) {
                            limit = Long.MAX_VALUE;
                            out.write(buffer, allowed, n - allowed);
                            forwarded += n - allowed;
                            continue;
                        }
                        resets.incrementAndGet();
                        reset(from);
                        reset(to);
                        return;
                    }
                }
            } catch (IOException e) {
                // the other direction closed the sockets
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "flaky-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /** Closes with an RST, as a dropped network path or a killed peer looks to the other side. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // already closed
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
