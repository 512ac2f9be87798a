package io.ctsync.api;

import io.ctsync.importing.ImportHistory;

import java.io.IOException;
import java.sql.SQLException;

/** {@code GET /api/imports}: the target's import log, the lag and what waits; 404 when this process does not import. */
public final class ImportsView {

    private final ImportHistory history;

    /** {@code history} is null when no target is configured for import. */
    public ImportsView(ImportHistory history) {
        this.history = history;
    }

    public ImportHistory.Summary summary(String limit) throws SQLException, IOException {
        int rows = Limit.parse(limit);
        if (history == null) {
            throw ApiProblem.notFound("this process does not import (fix: set ctsync.import.enabled=true and ctsync.target.url)");
        }
        return history.summary(rows);
    }
}
