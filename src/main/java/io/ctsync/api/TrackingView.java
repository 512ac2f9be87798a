package io.ctsync.api;

import io.ctsync.exporting.TrackingInspection;
import io.ctsync.importing.ImportHistory;

import java.io.IOException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/tracking}: per table, what the next export would find; with the target's last imported sequence when this process imports. */
public final class TrackingView {

    private final TrackingInspection inspection;
    private final ImportHistory imports;

    /** {@code inspection} is null when this process does not export; {@code imports} when it does not import. */
    public TrackingView(TrackingInspection inspection, ImportHistory imports) {
        this.inspection = inspection;
        this.imports = imports;
    }

    public Map<String, Object> tracking() throws SQLException, IOException {
        if (inspection == null) {
            throw ApiProblem.notFound("this process does not export (fix: ask the exporter, or set ctsync.export.enabled=true)");
        }
        TrackingInspection.Tracking tracking = inspection.inspect();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("lastExportedSequence", tracking.lastExportedSequence());
        if (imports != null) {
            answer.put("lastImportedSequence", imports.summary(1).lastImportedSequence());
        }
        if (tracking.walRetainedBytes() != null) {
            answer.put("walRetainedBytes", tracking.walRetainedBytes());
        }
        answer.put("tables", tracking.tables());
        return answer;
    }
}
