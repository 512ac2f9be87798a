package io.ctsync.api;

import io.ctsync.leadership.Leadership;
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
    private final Leadership leadership;

    /** {@code leadership}: what the process's leader election saw, shown per pipeline. */
    public ApiConfiguration(ApiAccess access, Leadership leadership) {
        this.access = access;
        this.leadership = leadership;
    }

    /** The leadership of the pipeline whose groups begin with {@code groupPrefix}, as its views show it. */
    public LeadershipView leadership(String groupPrefix) {
        return new LeadershipView(leadership, groupPrefix);
    }

    /** Serves a pipeline under {@code /api/pipelines/{name}/}, and under {@code /api/} if it is the first. */
    public void serve(Pipelines.Served pipeline) {
        pipelines.add(pipeline);
    }
}
