package io.ctsync.api;

import org.apache.camel.Exchange;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipelines of this process as the API serves them (docs/operations.md, "Many pipelines"): each
 * endpoint under {@code /api/pipelines/{name}/} answers for the pipeline it names, and the same
 * endpoint under {@code /api/} for the default one, the first configured; the routes of
 * routes/api.camel.yaml pass the {@code name} path parameter, absent on the old paths.
 */
public final class Pipelines {

    /** One pipeline's views; {@code name} is {@code application.source.destination}. */
    public record Served(String name, PipelineView pipeline, TrackingView tracking, CyclesView cycles,
                         ImportsView imports, ExportsView exports) {
    }

    private final Map<String, Served> byName = new LinkedHashMap<>();

    void add(Served served) {
        byName.put(served.name(), served);
    }

    public Collection<Served> all() {
        return List.copyOf(byName.values());
    }

    public Served defaultPipeline() {
        return byName.values().iterator().next();
    }

    /** The pipeline a path names, or the default one for a path without a name; 404 for an unknown name. */
    public Served named(String name) {
        if (name == null) {
            return defaultPipeline();
        }
        Served served = byName.get(name);
        if (served == null) {
            throw ApiProblem.notFound("no pipeline " + name + " in this process (fix: GET /api/pipelines lists them)");
        }
        return served;
    }

    /** {@code GET /api/pipelines}: every pipeline, the default first, with where its endpoints are. */
    public List<Map<String, Object>> list() {
        List<Map<String, Object>> pipelines = new ArrayList<>();
        for (Served served : byName.values()) {
            Map<String, Object> described = new LinkedHashMap<>();
            described.put("name", served.name());
            described.put("default", served == defaultPipeline());
            described.put("path", "/api/pipelines/" + served.name());
            described.putAll(served.pipeline().describe());
            pipelines.add(described);
        }
        return pipelines;
    }

    public Map<String, Object> describe(String name) {
        return named(name).pipeline().describe();
    }

    public Map<String, Object> tracking(String name) throws SQLException, IOException {
        return named(name).tracking().tracking();
    }

    public Object cycles(String name, String limit, String include) {
        return named(name).cycles().recent(limit, include);
    }

    public Object imports(String name, String limit) throws SQLException, IOException {
        return named(name).imports().summary(limit);
    }

    public Map<String, Object> createExport(String name, Exchange exchange) throws SQLException {
        return named(name).exports().create(exchange);
    }

    public List<Map<String, Object>> exports(String name, String limit) throws SQLException {
        return named(name).exports().list(limit);
    }

    public Map<String, Object> export(String name, String id) throws SQLException {
        return named(name).exports().get(id);
    }
}
