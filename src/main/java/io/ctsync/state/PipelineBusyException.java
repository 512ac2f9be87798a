package io.ctsync.state;

/** Another exporter holds the pipeline: the state database refuses a second writer of its sequence numbers. */
public final class PipelineBusyException extends RuntimeException {

    public PipelineBusyException(Pipeline pipeline, Throwable cause) {
        super("another exporter is running for " + pipeline + "; only one may write its sequence numbers", cause);
    }
}
