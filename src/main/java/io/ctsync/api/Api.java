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

    /** Binds the API's beans; the caller then {@link #serve serves} each pipeline, the default first. */
    public static Pipelines bind(Main main, ApiAccess access) {
        Pipelines pipelines = new Pipelines();
        main.bind("apiAccess", access);
        main.bind("apiErrors", new ApiErrors());
        main.bind("pipelines", pipelines);
        main.bind("statusPage", new StatusPage());
        return pipelines;
    }

    /**
     * {@code target} may be null (an exporter without presence): the imports view then answers 404;
     * {@code inspection} is null when this process does not export. {@code single}: the process
     * runs this pipeline alone, whose paths stay {@code /api/...}.
     */
    public static void serve(Pipelines pipelines, String name, boolean single, CtsyncConfig config, Gateway gateway,
                             DataSource target, CycleHistory history, ExportJobs jobs, TrackingInspection inspection) {
        Pipeline pipeline = new Pipeline(config.application(), config.sourceName(), config.destinationName());
        ImportHistory imports = config.importing().enabled() && target != null ? new ImportHistory(pipeline, target, gateway) : null;
        String exportsPath = single ? "/api/exports/" : "/api/pipelines/" + name + "/exports/";
        pipelines.add(new Pipelines.Served(name, new PipelineView(config, gateway), new TrackingView(inspection, imports),
                new CyclesView(history), new ImportsView(imports), new ExportsView(config, jobs, exportsPath)));
    }
}
