package io.ctsync.importing;

import io.ctsync.packaging.ContentName;
import io.ctsync.packaging.ContentReader;
import io.ctsync.packaging.CorruptContentException;
import io.ctsync.packaging.Manifest;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * One content on its way through verify and apply: the body of one split exchange (never a row).
 * Its entries' checksums and row counts are verified on a thread of their own while it is applied
 * (docs/design.md, "Import"): the transaction commits only once they hold, and rolls back when they do not.
 */
public final class ContentImport {

    final ImportCycle cycle;
    final ContentName name;
    /** Open once the content's manifest is read. */
    ContentReader reader;
    /** The verification of the entries, begun by the stage "verify"; done when it ends either way. */
    private CompletableFuture<Void> verification = CompletableFuture.completedFuture(null);

    ContentImport(ImportCycle cycle, ContentName name) {
        this.cycle = cycle;
        this.name = name;
    }

    /** Begins verifying every entry of the open content on {@code executor}. */
    void beginVerifying(Executor executor) {
        ContentReader content = reader;
        verification = CompletableFuture.runAsync(() -> {
            try {
                content.verify();
            } catch (CorruptContentException e) {
                throw new CompletionException(e);
            }
        }, executor);
    }

    /** Waits for the verification of the entries; throws what it found. */
    void awaitVerified() throws CorruptContentException {
        Optional<CorruptContentException> corrupt = corruption();
        if (corrupt.isPresent()) {
            throw corrupt.get();
        }
    }

    /** Waits for the verification of the entries; what it found wrong, if anything. */
    Optional<CorruptContentException> corruption() {
        try {
            verification.join();
            return Optional.empty();
        } catch (CompletionException e) {
            if (e.getCause() instanceof CorruptContentException corrupt) {
                return Optional.of(corrupt);
            }
            throw e;
        }
    }

    Manifest manifest() {
        return reader.manifest();
    }

    /** When the content's export cycle read its changes: the time a kept delete records (docs/design.md, "Import"). */
    Instant createdAt() throws ContentRejectedException {
        return createdAt(manifest());
    }

    static Instant createdAt(Manifest manifest) throws ContentRejectedException {
        try {
            return Instant.parse(manifest.createdAt());
        } catch (RuntimeException e) {
            throw new ContentRejectedException("the manifest's createdAt '" + manifest.createdAt() + "' is not an ISO-8601 instant");
        }
    }

    /** The sequence number of part 1 of the export cycle this content belongs to. */
    long firstSequenceOfItsCycle() {
        return name.sequence() - manifest().part() + 1;
    }

    boolean lastPart() {
        return manifest().part() == manifest().parts();
    }

    /** Closes the content once its verification has let go of it. */
    void close() {
        verification.handle((done, failure) -> null).join();
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }

    @Override
    public String toString() {
        return name.fileName();
    }
}
