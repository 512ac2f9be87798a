package io.ctsync.api;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;

/**
 * The beans routes/api.camel.yaml calls, which Camel Main binds under the names of their fields;
 * each pipeline then adds its views ({@link #serve}), the default pipeline first.
 */
public final class ApiConfiguration implements CamelConfiguration {

    @BindToRegistry("apiAccess")
    private final ApiAccess access;
    @BindToRegistry("apiErrors")
    private final ApiErrors errors = new ApiErrors();
    @BindToRegistry("pipelines")
    private final Pipelines pipelines = new Pipelines();
    @BindToRegistry("statusPage")
    private final StatusPage statusPage = new StatusPage();

    public ApiConfiguration(ApiAccess access) {
        this.access = access;
    }

    /** Serves a pipeline under {@code /api/pipelines/{name}/}, and under {@code /api/} if it is the first. */
    public void serve(Pipelines.Served pipeline) {
        pipelines.add(pipeline);
    }
}
