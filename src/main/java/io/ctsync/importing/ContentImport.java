package io.ctsync.importing;

import io.ctsync.packaging.ContentName;
import io.ctsync.packaging.ContentReader;
import io.ctsync.packaging.Manifest;

import java.time.Instant;

/** One content on its way through verify and apply: the body of one split exchange (never a row). */
public final class ContentImport {

    final ImportCycle cycle;
    final ContentName name;
    /** Open once the content is verified. */
    ContentReader reader;

    ContentImport(ImportCycle cycle, ContentName name) {
        this.cycle = cycle;
        this.name = name;
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

    void close() {
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
