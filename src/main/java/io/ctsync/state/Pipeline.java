package io.ctsync.state;

import io.ctsync.config.CtsyncConfig;

/** One flow of contents: an application, its source and its destination. Sequences are counted per pipeline. */
public record Pipeline(String application, String source, String destination) {

    /** The pipeline a configuration describes. */
    public static Pipeline of(CtsyncConfig config) {
        return new Pipeline(config.application(), config.sourceName(), config.destinationName());
    }

    @Override
    public String toString() {
        return application + "/" + source + "/" + destination;
    }
}
