package io.ctsync.exporting;

import io.ctsync.config.TableName;
import io.ctsync.packaging.Manifest;
import io.ctsync.state.ExportJobs;

import java.util.List;

/**
 * An export someone asked for (an export job, docs/operations.md, "HTTP API and status page"): who and why, which tables,
 * and whether every row of them is sent again ({@code full}) or only what changed. It runs as a
 * cycle of the same pipeline; the manifest of each of its contents carries the request.
 */
public record ExportRequest(String id, String author, String reference, String purpose, List<TableName> tables, boolean full) {

    /** The request of a stored job; its table names are as {@link TableName#toString()} wrote them. */
    public static ExportRequest of(ExportJobs.Job job) {
        return new ExportRequest(job.id(), job.author(), job.reference(), job.purpose(),
                job.tables().stream().map(t -> TableName.parse("tables", t)).toList(), "full".equals(job.mode()));
    }

    /** Whether the table is sent whole: a full request for it, or for every table when none is named. */
    boolean sendsWhole(TableName table) {
        return full && (tables.isEmpty() || tables.contains(table));
    }

    Manifest.Request manifestRequest() {
        return new Manifest.Request(id, author, reference, purpose);
    }
}
