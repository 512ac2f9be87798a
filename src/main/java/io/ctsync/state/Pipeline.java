package io.ctsync.state;

/** One flow of contents: an application, its source and its destination. Sequences are counted per pipeline. */
public record Pipeline(String application, String source, String destination) {

    @Override
    public String toString() {
        return application + "/" + source + "/" + destination;
    }
}
