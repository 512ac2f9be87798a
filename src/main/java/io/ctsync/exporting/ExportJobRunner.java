package io.ctsync.exporting;

import io.ctsync.state.ExportJobs;
import io.ctsync.state.Pipeline;
import io.ctsync.state.PipelineBusyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;

/**
 * The route {@code export-jobs}: picks the next export job and, once its cycle has run, records how
 * it ended. A job whose cycle finds the pipeline locked by another cycle stays queued and is tried
 * again; a job whose cycle had to finish a crashed cycle's intent first waits for the next one.
 */
public final class ExportJobRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ExportJobRunner.class);

    private final Pipeline pipeline;
    private final ExportJobs jobs;

    public ExportJobRunner(Pipeline pipeline, ExportJobs jobs) {
        this.pipeline = pipeline;
        this.jobs = jobs;
    }

    /** The request of the job to run now, or null when none waits. */
    public ExportRequest next() throws SQLException {
        return jobs.next(pipeline).map(ExportRequest::of).orElse(null);
    }

    /** The job's cycle ended well: done, with the sequences its commit recorded, or none when nothing changed. */
    public void finished(ExportRequest request, ExportCycle cycle) throws SQLException {
        if (request.id().equals(cycle.jobId())) {
            jobs.finished(request.id());
        }
    }

    public void failed(ExportRequest request, Exception failure) throws SQLException {
        if (failure instanceof PipelineBusyException) {
            LOG.debug("export job {} waits: {}", request.id(), failure.getMessage());
            return;
        }
        String reason = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage().lines().findFirst().orElse("");
        LOG.error("export job {} of {} failed: {}", request.id(), pipeline, reason);
        jobs.failed(request.id(), reason);
    }
}
