package io.ctsync.pipeline;

import io.ctsync.config.PipelineConfig;
import org.apache.camel.builder.RouteBuilder;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Instantiates the route templates of {@code routes/export.camel.yaml} and
 * {@code routes/import.camel.yaml} once per pipeline: each stage route gets the pipeline's route
 * prefix in its id, its {@code direct:} endpoints and its beans, and its schedule and leader group
 * (docs/operations.md, "Many pipelines").
 */
public final class PipelineRoutes extends RouteBuilder {

    /** The export templates, by id; the scheduled ones take their cron from the pipeline. */
    static final List<String> EXPORT = List.of("export-schedule", "export-takeover", "export-jobs", "export-cycle", "open-window",
            "package-changes", "gateway", "consume-changes", "commit", "tracking-retention");
    static final List<String> IMPORT = List.of("import-schedule", "import-takeover", "import-cycle", "gateway-poll", "order-by-sequence",
            "sequence-control", "verify", "apply");

    /** The templates that only a long-running process starts: {@code --once} leaves them out, and with them Quartz. */
    static final Set<String> SCHEDULED = Set.of("export-schedule", "export-takeover", "export-jobs", "tracking-retention", "import-schedule",
            "import-takeover");

    private final List<PipelineConfig> pipelines;
    private final boolean scheduled;

    public PipelineRoutes(List<PipelineConfig> pipelines, boolean scheduled) {
        this.pipelines = List.copyOf(pipelines);
        this.scheduled = scheduled;
    }

    @Override
    public void configure() {
        for (PipelineConfig pipeline : pipelines) {
            if (pipeline.config().export().enabled()) {
                Map<String, String> schedules = Map.of("export-schedule", pipeline.config().export().schedule(),
                        "tracking-retention", pipeline.retentionSchedule());
                EXPORT.forEach(template -> instantiate(pipeline, template, schedules.get(template)));
            }
            if (pipeline.config().importing().enabled()) {
                IMPORT.forEach(template -> instantiate(pipeline, template,
                        template.equals("import-schedule") ? pipeline.config().importing().schedule() : null));
            }
        }
    }

    private void instantiate(PipelineConfig pipeline, String template, String schedule) {
        if (!scheduled && SCHEDULED.contains(template)) {
            return;
        }
        var route = templatedRoute(template).routeId(pipeline.routePrefix() + template)
                .parameter("pipeline", pipeline.routePrefix())
                .parameter("group", pipeline.leaderGroup());
        if (schedule != null) {
            route.parameter("schedule", schedule);
        }
    }
}
