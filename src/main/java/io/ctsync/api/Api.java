package io.ctsync.api;

import io.ctsync.config.CtsyncConfig;
import io.ctsync.exporting.TrackingInspection;
import io.ctsync.gateway.Gateway;
import io.ctsync.importing.ImportHistory;
import io.ctsync.monitoring.CycleHistory;
import io.ctsync.state.ExportJobs;
import io.ctsync.state.Pipeline;
import org.apache.camel.main.Main;

import javax.sql.DataSource;

/** Binds the beans that routes/api.camel.yaml calls. */
public final class Api {

    private Api() {
    }

    /**
     * {@code target} may be null (an exporter without presence): the imports view then answers 404;
     * {@code inspection} is null when this process does not export.
     */
    public static void bind(Main main, ApiAccess access, CtsyncConfig config, Gateway gateway, DataSource target,
                            CycleHistory history, ExportJobs jobs, TrackingInspection inspection) {
        Pipeline pipeline = new Pipeline(config.application(), config.sourceName(), config.destinationName());
        main.bind("apiAccess", access);
        main.bind("apiErrors", new ApiErrors());
        main.bind("pipelineView", new PipelineView(config, gateway));
        main.bind("cyclesView", new CyclesView(history));
        ImportHistory imports = config.importing().enabled() && target != null ? new ImportHistory(pipeline, target, gateway) : null;
        main.bind("importsView", new ImportsView(imports));
        main.bind("trackingView", new TrackingView(inspection, imports));
        main.bind("exportsView", new ExportsView(config, jobs));
        main.bind("statusPage", new StatusPage());
    }
}
