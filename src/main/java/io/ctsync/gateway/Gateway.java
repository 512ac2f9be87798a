package io.ctsync.gateway;

import io.ctsync.packaging.ContentName;
import io.ctsync.packaging.Manifest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where contents are delivered. A content becomes visible under its final name only when it is
 * complete; until then it lives in a staging file that the exporter writes.
 */
public interface Gateway {

    /** The local file in which the exporter builds a content before publishing it: in the work directory. */
    default Path stagingFile(ContentName name) throws IOException {
        return workDirectory().resolve(name.fileName());
    }

    /** A local directory for the exporter's work files. */
    Path workDirectory() throws IOException;

    /** Whether the content is complete under its final name. */
    boolean isPublished(ContentName name) throws IOException;

    /** Makes the staged file visible under its final name, durably and all at once. */
    void publish(ContentName name, Path staged, Manifest manifest) throws IOException;

    /** Published contents of a pipeline, in sequence order. */
    List<ContentName> list(String application, String source, String destination) throws IOException;

    /** A local, readable copy of a published content. */
    Path fetch(ContentName name) throws IOException;

    /** Human-readable location, without secrets. */
    String describe();
}
