package io.ctsync.failure;

import org.slf4j.LoggerFactory;

/** What the schedule routes' onException call: a failed scheduled cycle becomes one ERROR line in its pipeline's log. */
public final class CycleFailureLog {

    /** {@code pipeline}: export or import; logged under io.ctsync.exporting or io.ctsync.importing. */
    public void failed(String pipeline, Throwable failure) {
        Failures.log(LoggerFactory.getLogger("io.ctsync." + pipeline + "ing"), pipeline + " cycle", failure);
    }
}
