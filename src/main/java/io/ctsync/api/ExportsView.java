package io.ctsync.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ctsync.config.ConfigException;
import io.ctsync.config.CtsyncConfig;
import io.ctsync.config.PipelineConfig;
import io.ctsync.config.TableMapping;
import io.ctsync.config.TableName;
import io.ctsync.packaging.ContentName;
import io.ctsync.state.ExportJobs;
import io.ctsync.state.Pipeline;
import org.apache.camel.Exchange;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/exports}, {@code GET /api/exports} and {@code GET /api/exports/{id}}: export
 * jobs, asked for with an author, a reference and a purpose, run by the route {@code export-jobs}
 * as cycles of this pipeline and kept in the state database.
 */
public final class ExportsView {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("author", "reference", "purpose", "tables", "mode");
    private static final int MAX_FIELD = 200;
    private static final int MAX_PURPOSE = 1000;

    private final CtsyncConfig config;
    private final Pipeline pipeline;
    private final ExportJobs jobs;
    /** Where a job is shown, before its id: {@code /api/exports/} or the pipeline's own path. */
    private final String jobsPath;

    /** The single pipeline of a classic configuration shows its jobs under {@code /api/exports/}, one of several under its own path. */
    public ExportsView(PipelineConfig served, Pipeline pipeline, ExportJobs jobs) {
        this.config = served.config();
        this.jobsPath = served.routePrefix().isEmpty() ? "/api/exports/" : "/api/pipelines/" + served.name() + "/exports/";
        this.pipeline = pipeline;
        this.jobs = jobs;
    }

    /** Queues the job the body asks for: 202 with the job and its {@code Location}. */
    public Map<String, Object> create(Exchange exchange) throws SQLException {
        if (!config.export().enabled()) {
            throw ApiProblem.conflict("this process does not export (fix: ask the exporter of " + pipeline
                    + ", or set ctsync.export.enabled=true)");
        }
        JsonNode body = parse(exchange.getMessage().getBody(String.class));
        String author = text(body, "author", MAX_FIELD);
        String reference = text(body, "reference", MAX_FIELD);
        String purpose = text(body, "purpose", MAX_PURPOSE);
        String mode = body.hasNonNull("mode") ? body.get("mode").asText() : "delta";
        if (!body.path("mode").isMissingNode() && !body.path("mode").isNull() && !body.get("mode").isTextual()
                || !mode.equals("delta") && !mode.equals("full")) {
            throw ApiProblem.badRequest("mode must be \"delta\" or \"full\", not " + body.get("mode"));
        }
        List<String> tables = tables(body, mode.equals("full"));
        ExportJobs.Job job = jobs.create(pipeline, author, reference, purpose, tables, mode);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        exchange.getMessage().setHeader("Location", jobsPath + job.id());
        return view(job);
    }

    public List<Map<String, Object>> list(String limit) throws SQLException {
        return jobs.list(pipeline, Limit.parse(limit)).stream().map(this::view).toList();
    }

    public Map<String, Object> get(String id) throws SQLException {
        return jobs.find(pipeline, id).map(this::view)
                .orElseThrow(() -> ApiProblem.notFound("no export job " + id + " in " + pipeline + " (fix: GET /api/exports lists them)"));
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw ApiProblem.badRequest("the body must be a JSON object with author, reference and purpose");
            }
            node.fieldNames().forEachRemaining(field -> {
                if (!FIELDS.contains(field)) {
                    throw ApiProblem.badRequest("unknown field '" + field + "' (known: author, reference, purpose, tables, mode)");
                }
            });
            return node;
        } catch (JsonProcessingException e) {
            throw ApiProblem.badRequest("the body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode body, String field, int maxLength) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw ApiProblem.badRequest(field + " is required: a non-empty string");
        }
        if (value.asText().length() > maxLength) {
            throw ApiProblem.badRequest(field + " is longer than " + maxLength + " characters");
        }
        return value.asText().strip();
    }

    /** The named tables, each one of the pipeline's; a full job re-sends only what change tracking can read whole. */
    private List<String> tables(JsonNode body, boolean full) {
        JsonNode value = body.get("tables");
        List<String> tables = new ArrayList<>();
        if (value == null || value.isNull()) {
            return tables;
        }
        if (!value.isArray()) {
            throw ApiProblem.badRequest("tables must be an array of table names, e.g. [\"public.orders\"]");
        }
        for (JsonNode element : value) {
            TableMapping mapping = mapping(element);
            if (full && !mapping.capture().readsRowsByKey()) {
                throw ApiProblem.badRequest("tables: " + mapping.source() + " is captured by " + mapping.capture().key()
                        + ", which cannot send a table whole; mode full takes change-tracking and wal tables");
            }
            tables.add(mapping.source().toString());
        }
        return tables;
    }

    private TableMapping mapping(JsonNode element) {
        TableName name;
        try {
            name = element.isTextual() ? TableName.parse("tables", element.asText()) : null;
        } catch (ConfigException e) {
            name = null;
        }
        TableName parsed = name;
        return config.tables().stream().filter(t -> t.source().equals(parsed)).findFirst()
                .orElseThrow(() -> ApiProblem.badRequest("tables: " + element + " is not a table of this pipeline (ctsync.tables: "
                        + String.join(", ", config.tables().stream().map(t -> t.source().toString()).toList()) + ")"));
    }

    private Map<String, Object> view(ExportJobs.Job job) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("author", job.author());
        request.put("reference", job.reference());
        request.put("purpose", job.purpose());
        request.put("tables", job.tables());
        request.put("mode", job.mode());
        List<Long> sequences = new ArrayList<>();
        List<String> contents = new ArrayList<>();
        if (job.firstSequence() != null) {
            for (long sequence = job.firstSequence(); sequence <= job.lastSequence(); sequence++) {
                sequences.add(sequence);
                String file = new ContentName(pipeline.application(), pipeline.source(), pipeline.destination(), sequence).fileName();
                contents.add("azure-blob".equals(config.gateway().type()) ? file + ".result.json" : file);
            }
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", job.id());
        view.put("status", job.status());
        view.put("request", request);
        view.put("createdAt", text(job.createdAt()));
        view.put("startedAt", text(job.startedAt()));
        view.put("finishedAt", text(job.finishedAt()));
        view.put("sequences", sequences);
        view.put("counts", job.counts());
        view.put("error", job.error());
        // the file names in the gateway; on Blob Storage each content's result.json, which holds its read-only link
        view.put("contents", contents);
        return view;
    }

    private static String text(java.time.Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
