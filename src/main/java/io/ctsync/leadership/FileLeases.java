package io.ctsync.leadership;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Properties;

/**
 * A lease kept in a file, for processes on one machine or a shared disk: each read, create or
 * replace holds the operating system's lock on the file for the few microseconds it takes, and
 * the version is a counter in the file. The lease's timing, not the lock, decides leadership, so
 * a frozen leader is replaced as on Kubernetes, and a process killed mid-write leaves a lock the
 * operating system frees.
 */
final class FileLeases implements LeaseStore {

    private final Path file;

    FileLeases(Path file) throws IOException {
        this.file = file;
        Files.createDirectories(file.getParent());
    }

    @Override
    public LeaseRecord read() throws IOException {
        return locked(channel -> parse(channel));
    }

    @Override
    public boolean create(LeaseRecord lease) throws IOException {
        return locked(channel -> parse(channel) == null && write(channel, lease, 1));
    }

    @Override
    public boolean replace(LeaseRecord next) throws IOException {
        return locked(channel -> {
            LeaseRecord current = parse(channel);
            return current != null && current.version().equals(next.version()) && write(channel, next, Long.parseLong(current.version()) + 1);
        });
    }

    @Override
    public String describe() {
        return "lease file " + file;
    }

    private interface Locked<T> {
        T run(FileChannel channel) throws IOException;
    }

    private <T> T locked(Locked<T> action) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            return action.run(channel);
        }
    }

    private static LeaseRecord parse(FileChannel channel) throws IOException {
        if (channel.size() == 0) {
            return null;
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) channel.size());
        channel.read(bytes, 0);
        Properties lease = new Properties();
        lease.load(new java.io.StringReader(new String(bytes.array(), StandardCharsets.UTF_8)));
        return new LeaseRecord(lease.getProperty("holder", ""), instant(lease.getProperty("acquireTime")),
                instant(lease.getProperty("renewTime")), Integer.parseInt(lease.getProperty("leaseDurationSeconds")),
                Integer.parseInt(lease.getProperty("transitions")), lease.getProperty("version"));
    }

    private static boolean write(FileChannel channel, LeaseRecord lease, long version) throws IOException {
        String text = "holder=" + lease.holder() + "\nacquireTime=" + lease.acquireTime() + "\nrenewTime=" + lease.renewTime()
                + "\nleaseDurationSeconds=" + lease.leaseDurationSeconds() + "\ntransitions=" + lease.transitions() + "\nversion=" + version + "\n";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        return true;
    }

    private static Instant instant(String text) {
        return text == null || text.equals("null") ? null : Instant.parse(text);
    }
}
