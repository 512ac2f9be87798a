package io.ctsync.gateway;

import io.ctsync.packaging.ContentName;
import io.ctsync.packaging.Manifest;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A directory shared with the importer (a mount, a file-system gateway). Contents are staged as
 * {@code .staging/<name>.zip} in the same file system, fsynced, then renamed atomically; the
 * directory is fsynced so that the rename survives a power cut.
 */
public final class FileGateway implements Gateway {

    private static final String STAGING = ".staging";

    private final Path directory;

    public FileGateway(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    @Override
    public Path workDirectory() throws IOException {
        return Files.createDirectories(directory.resolve(STAGING));
    }

    @Override
    public boolean isPublished(ContentName name) {
        return Files.isRegularFile(directory.resolve(name.fileName()));
    }

    @Override
    public void publish(ContentName name, Path staged, Manifest manifest) throws IOException {
        Path target = directory.resolve(name.fileName());
        if (Files.exists(target)) {
            throw new IOException(target + " already exists; refusing to replace a published content");
        }
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the gateway directory " + directory + " does not support atomic renames", e);
        }
        syncDirectory(directory);
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems cannot open a directory for sync; the rename itself is still atomic
        }
    }

    @Override
    public List<ContentName> list(String application, String source, String destination) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> ContentName.parse(p.getFileName().toString()))
                    .flatMap(Optional::stream)
                    .filter(n -> n.samePipeline(application, source, destination))
                    .sorted(Comparator.comparingLong(ContentName::sequence))
                    .toList();
        }
    }

    @Override
    public Path fetch(ContentName name) {
        return directory.resolve(name.fileName());
    }

    @Override
    public String describe() {
        return "file gateway " + directory;
    }
}
