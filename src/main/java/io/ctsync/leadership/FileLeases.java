package io.ctsync.leadership;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Properties;

/**
 * A lease kept in a file, for processes on one machine or a shared disk: each read, create or
 * replace holds the operating system's lock on a lock file beside it for the moment it takes, and
 * the version is a counter in the file. A write goes to a temporary file renamed over the lease,
 * so a process killed mid-write leaves the old lease whole (an empty one would read as no lease,
 * free to take) and a lock the operating system frees. The lease's timing, not the lock, decides
 * leadership, so a frozen leader is replaced as on Kubernetes.
 */
final class FileLeases implements LeaseStore {

    private final Path file;
    private final Path lockFile;
    private final Path written;

    FileLeases(Path file) throws IOException {
        this.file = file;
        this.lockFile = file.resolveSibling(file.getFileName() + ".lock");
        this.written = file.resolveSibling(file.getFileName() + ".new");
        Files.createDirectories(file.getParent());
    }

    @Override
    public LeaseRecord read() throws IOException {
        return locked(this::parse);
    }

    @Override
    public boolean create(LeaseRecord lease) throws IOException {
        return locked(() -> parse() == null && write(lease, 1));
    }

    @Override
    public boolean replace(LeaseRecord next) throws IOException {
        return locked(() -> {
            LeaseRecord current = parse();
            return current != null && current.version().equals(next.version()) && write(next, Long.parseLong(current.version()) + 1);
        });
    }

    @Override
    public String describe() {
        return "lease file " + file;
    }

    private interface Locked<T> {
        T run() throws IOException;
    }

    private <T> T locked(Locked<T> action) throws IOException {
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            return action.run();
        }
    }

    private LeaseRecord parse() throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        Properties lease = new Properties();
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            lease.load(reader);
        }
        return new LeaseRecord(lease.getProperty("holder", ""), instant(lease.getProperty("acquireTime")),
                instant(lease.getProperty("renewTime")), Integer.parseInt(lease.getProperty("leaseDurationSeconds")),
                Integer.parseInt(lease.getProperty("transitions")), lease.getProperty("version"));
    }

    private boolean write(LeaseRecord lease, long version) throws IOException {
        String text = "holder=" + lease.holder() + "\nacquireTime=" + lease.acquireTime() + "\nrenewTime=" + lease.renewTime()
                + "\nleaseDurationSeconds=" + lease.leaseDurationSeconds() + "\ntransitions=" + lease.transitions() + "\nversion=" + version + "\n";
        try (FileChannel channel = FileChannel.open(written, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            channel.force(false);
        }
        Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    private static Instant instant(String text) {
        return text == null || text.equals("null") ? null : Instant.parse(text);
    }
}
