package io.ctsync.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ctsync.packaging.Manifest;
import io.ctsync.testing.Contents;
import io.ctsync.testing.CtsyncProcess;
import io.ctsync.testing.CtsyncRun;
import io.ctsync.testing.HeadlessChromium;
import io.ctsync.testing.Pipelines;
import io.ctsync.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API of a running ctsync (export and import every second, PostgreSQL source and target, a
 * token), asked over HTTP as an operator's script would: every answer checked field by field.
 */
@Tag("process")
class ApiTest {

    static final String TOKEN = "s3cret-token-7f1c2e";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXPORT_REQUEST = "{\"author\": \"Eve\", \"reference\": \"X-1\", \"purpose\": \"no token\"}";

    @TempDir
    static Path dir;
    static TestDatabase source;
    static TestDatabase target;
    static CtsyncProcess ctsync;
    static int port;

    @BeforeAll
    static void startCtsync() throws Exception {
        source = TestDatabase.postgres();
        target = TestDatabase.postgres();
        source.execute("CREATE TABLE public.orders (id INT PRIMARY KEY, note VARCHAR(20))",
                "INSERT INTO public.orders VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        target.execute("CREATE TABLE public.orders (id INT PRIMARY KEY, note VARCHAR(20))");
        CtsyncRun run = new CtsyncRun(dir, Pipelines.properties("shop", "erp", "dwh", dir.resolve("state"), dir.resolve("gateway"),
                "public.orders"));
        source.properties("source").forEach(run::set);
        target.properties("target").forEach(run::set);
        run.set("ctsync.import.enabled", "true")
                .set("ctsync.export.schedule", "0/1 * * * * ?")
                .set("ctsync.import.schedule", "0/1 * * * * ?")
                .set("ctsync.cluster.file.root", dir.resolve("cluster").toString())
                .set("ctsync.api.token", TOKEN);
        run.apiOnAFreePort().enableTracking();
        ctsync = CtsyncProcess.start(run.configFile(), dir.resolve("ctsync.log"));
        port = ctsync.apiPort();
        ctsync.await("content 1 imported", Duration.ofSeconds(90), () -> importedUpTo(1));
    }

    @AfterAll
    static void stop() throws Exception {
        if (ctsync != null) {
            ctsync.close();
            assertThat(ctsync.log()).as("the token never reaches the log").doesNotContain(TOKEN);
        }
        source.close();
        target.close();
    }

    @Test
    void withoutTheTokenOrWithAWrongOneEveryApiRouteIs401AndDoesNothing() throws Exception {
        List<Operation> operations = operations();
        int jobsBefore = JSON.readTree(get("/api/exports?limit=1000").body()).size();
        List<String[]> wrong = List.of(new String[0], new String[] {"Authorization", "Bearer " + TOKEN + "x"},
                new String[] {"Authorization", TOKEN}, new String[] {"Authorization", "Bearer wrong"});
        for (Operation operation : operations) {
            for (String[] headers : wrong) {
                // a POST carries a valid request: only the token check stands between it and a queued job
                HttpResponse<String> response = operation.send(EXPORT_REQUEST, headers);
                String what = operation + " with " + (headers.length == 0 ? "no Authorization" : headers[1]);
                assertThat(response.statusCode()).as(what).isEqualTo(401);
                assertThat(response.headers().firstValue("WWW-Authenticate")).as(what).contains("Bearer");
                JsonNode error = JSON.readTree(response.body());
                assertThat(error.path("status").asInt()).isEqualTo(401);
                assertThat(error.path("error").asText()).isEqualTo(
                        "missing or wrong bearer token: send Authorization: Bearer <ctsync.api.token>");
            }
        }
        assertThat(JSON.readTree(get("/api/exports?limit=1000").body()).size()).as("no refused POST queued a job").isEqualTo(jobsBefore);
        // the description of the API is public; it holds no data
        assertThat(ctsync.get(port, "/api/openapi.json").statusCode()).isEqualTo(200);
    }

    @Test
    void withTheTokenEveryApiRouteAnswersAndTheTokenTravelsNoFurther() throws Exception {
        for (Operation operation : operations()) {
            // past the check: a POST with an empty request is refused by the route itself, an unknown job is not found
            HttpResponse<String> response = operation.send("{}", "Authorization", "Bearer " + TOKEN);
            int expected = operation.method().equals("POST") ? 400 : operation.path().endsWith("/no-such-job") ? 404 : 200;
            assertThat(response.statusCode()).as(operation + ": " + response.body()).isEqualTo(expected);
            assertThat(response.headers().map().keySet()).as(operation + " answers without the Authorization header")
                    .noneMatch(name -> name.equalsIgnoreCase("Authorization"));
            assertThat(response.headers().map().values().toString()).as(operation.toString()).doesNotContain(TOKEN);
            assertThat(response.body()).as(operation.toString()).doesNotContain(TOKEN);
        }
    }

    /** Every operation the OpenAPI document lists, its path parameters filled in: what the token guards. */
    private static List<Operation> operations() throws Exception {
        JsonNode paths = JSON.readTree(ctsync.get(port, "/api/openapi.json").body()).path("paths");
        List<Operation> operations = new ArrayList<>();
        paths.fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> operations.add(
                new Operation(method.toUpperCase(java.util.Locale.ROOT),
                        path.getKey().replace("{name}", "shop.erp.dwh").replace("{id}", "no-such-job")))));
        assertThat(operations).as("the routes the issue found untested are among them").contains(
                new Operation("POST", "/api/exports"), new Operation("GET", "/api/exports"), new Operation("GET", "/api/exports/no-such-job"));
        assertThat(operations).as("every route of routes/api.camel.yaml").hasSize(15);
        return operations;
    }

    /** One method and path of the API. */
    private record Operation(String method, String path) {

        HttpResponse<String> send(String body, String... headers) throws Exception {
            return method.equals("POST") ? ctsync.post(port, path, body, headers) : ctsync.get(port, path, headers);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    @Test
    void thePipelineIsDescribedWithoutSecrets() throws Exception {
        HttpResponse<String> response = get("/api/pipeline");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).doesNotContain(TOKEN).doesNotContain("password");
        JsonNode pipeline = JSON.readTree(response.body());
        assertThat(pipeline.path("application").asText()).isEqualTo("shop");
        assertThat(pipeline.path("source").asText()).isEqualTo("erp");
        assertThat(pipeline.path("destination").asText()).isEqualTo("dwh");
        assertThat(pipeline.path("tables").size()).isEqualTo(1);
        assertThat(pipeline.path("tables").get(0).path("table").asText()).isEqualTo("public.orders");
        assertThat(pipeline.path("tables").get(0).path("capture").asText()).isEqualTo("change-tracking");
        assertThat(pipeline.path("export").path("schedule").asText()).isEqualTo("0/1 * * * * ?");
        assertThat(pipeline.path("import").path("conflict").asText()).isEqualTo("source-wins");
        assertThat(pipeline.path("gateway").path("type").asText()).isEqualTo("file");
        assertThat(pipeline.path("sourceDatabase").asText()).isEqualTo(source.url());
        for (String group : List.of("export", "import", "retention")) {
            JsonNode leader = pipeline.path("leaders").path(group);
            assertThat(leader.path("leader").asText()).as(group + ": the one process leads, by host and pid").endsWith(":" + ctsync.pid());
            assertThat(leader.path("thisProcess").asBoolean()).as(group).isTrue();
            assertThat(Instant.parse(leader.path("since").asText())).as(group).isBefore(Instant.now());
            assertThat(leader.path("lastHandover").isNull()).as(group + ": it created the lease, nobody handed it over").isTrue();
        }
    }

    @Test
    void importsShowTheLogTheLagAndNothingWaiting() throws Exception {
        source.execute("INSERT INTO public.orders VALUES (4, 'd')");
        ctsync.await("row 4 imported and nothing left behind", Duration.ofSeconds(60), () -> {
            try {
                JsonNode imports = JSON.readTree(get("/api/imports").body());
                return imports.path("lag").asLong() == 0 && !target.query("SELECT 1 FROM public.orders WHERE id = 4").isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
        JsonNode imports = JSON.readTree(get("/api/imports?limit=1").body());
        List<Long> published = Contents.sequences(dir.resolve("gateway"));
        long last = published.get(published.size() - 1);
        assertThat(imports.path("lastImportedSequence").asLong()).isEqualTo(last);
        assertThat(imports.path("lastPublishedSequence").asLong()).isEqualTo(last);
        assertThat(imports.path("waiting").size()).isZero();
        assertThat(imports.path("log").size()).as("limit=1").isEqualTo(1);
        JsonNode newest = imports.path("log").get(0);
        assertThat(newest.path("sequence").asLong()).isEqualTo(last);
        assertThat(newest.path("status").asText()).isEqualTo("ok");
        assertThat(target.query("SELECT id, note FROM public.orders ORDER BY id"))
                .isEqualTo(source.query("SELECT id, note FROM public.orders ORDER BY id"))
                .contains(List.of(4, "d"));
    }

    @Test
    void cyclesShowEachStageAndTheOutcome() throws Exception {
        JsonNode cycles = JSON.readTree(get("/api/cycles?limit=1000").body());
        List<String> pipelines = new ArrayList<>();
        for (JsonNode cycle : cycles) {
            assertThat(cycle.path("kind").asText()).isEqualTo("cycle");
            assertThat(cycle.path("startedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(cycle.path("rows").isIntegralNumber()).as(cycle.toString()).isTrue();
            assertThat(cycle.path("lag").isIntegralNumber()).as(cycle.toString()).isEqualTo(cycle.path("pipeline").asText().equals("import"));
            if (cycle.path("outcome").asText().equals("ok")) {
                pipelines.add(cycle.path("pipeline").asText());
                assertThat(cycle.path("error").isNull()).isTrue();
            } else {
                // this process's export jobs and its schedule contend for the pipeline's lock: the loser fails
                // at once, and that is the only way a cycle of this healthy process may fail
                assertThat(cycle.path("outcome").asText()).as(cycle.toString()).isEqualTo("failed");
                assertThat(cycle.path("pipeline").asText()).as(cycle.toString()).isEqualTo("export");
                assertThat(cycle.path("error").asText()).as(cycle.toString())
                        .contains("another exporter is running for shop/erp/dwh; only one may write its sequence numbers");
            }
        }
        assertThat(pipelines).as("ok cycles").contains("export", "import");
        JsonNode export = find(cycles, "export");
        List<String> stages = new ArrayList<>();
        export.path("stages").fieldNames().forEachRemaining(stages::add);
        assertThat(stages).as("the export's stages in the order they ran").startsWith("open-window");
        JsonNode imported = find(cycles, "import");
        List<String> importStages = new ArrayList<>();
        imported.path("stages").fieldNames().forEachRemaining(importStages::add);
        assertThat(importStages).startsWith("gateway-poll");

        // the first content moved the source's three rows: published by one export cycle, applied by one import cycle
        assertThat(cycles.findValues("rows").stream().filter(rows -> rows.asLong() == 3).count()).as(cycles.toString())
                .isGreaterThanOrEqualTo(2);
        JsonNode withHandovers = JSON.readTree(get("/api/cycles?limit=1000&include=handovers").body());
        assertThat(withHandovers.findValuesAsText("kind")).as("one process that created its leases: no hand-over").containsOnly("cycle");
        HttpResponse<String> unknown = get("/api/cycles?include=leaders");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknown.body()).path("error").asText()).isEqualTo("include may only be 'handovers', not 'leaders'");
    }

    @Test
    void aBadLimitIs400NamingIt() throws Exception {
        HttpResponse<String> response = get("/api/cycles?limit=0");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo("limit must be a whole number from 1 to 1000, not '0'");
        assertThat(get("/api/imports?limit=ten").statusCode()).isEqualTo(400);
    }

    @Test
    void theOpenApiDocumentListsThePaths() throws Exception {
        JsonNode openApi = JSON.readTree(get("/api/openapi.json").body());
        assertThat(openApi.path("info").path("title").asText()).isEqualTo("ctsync");
        List<String> paths = new ArrayList<>();
        openApi.path("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).contains("/api/pipeline", "/api/cycles", "/api/imports", "/api/pipelines",
                "/api/pipelines/{name}/pipeline", "/api/pipelines/{name}/tracking", "/api/pipelines/{name}/cycles",
                "/api/pipelines/{name}/imports", "/api/pipelines/{name}/exports", "/api/pipelines/{name}/exports/{id}");
    }

    @Test
    void theOnePipelineIsListedAndItsOwnPathsAnswerAsThePathsWithoutIt() throws Exception {
        JsonNode pipelines = JSON.readTree(get("/api/pipelines").body());
        assertThat(pipelines.size()).isEqualTo(1);
        assertThat(pipelines.get(0).path("name").asText()).isEqualTo("shop.erp.dwh");
        assertThat(pipelines.get(0).path("default").asBoolean()).isTrue();
        assertThat(pipelines.get(0).path("path").asText()).isEqualTo("/api/pipelines/shop.erp.dwh");
        assertThat(JSON.readTree(get("/api/pipelines/shop.erp.dwh/pipeline").body())).isEqualTo(JSON.readTree(get("/api/pipeline").body()));
        assertThat(JSON.readTree(get("/api/pipelines/shop.erp.dwh/imports").body()).path("lastImportedSequence").asLong()).isPositive();

        HttpResponse<String> unknown = get("/api/pipelines/shop.erp.crm/cycles");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("error").asText())
                .isEqualTo("no pipeline shop.erp.crm in this process (fix: GET /api/pipelines lists them)");
    }

    @Test
    void withoutATokenTheServerListensOnLoopbackOnly() {
        assertThat(ApiServer.properties(new ApiAccess(null), null, "0.0.0.0").getProperty("camel.server.host")).isEqualTo("127.0.0.1");
        assertThat(ApiServer.properties(new ApiAccess(" "), null, "0.0.0.0").getProperty("camel.server.host")).isEqualTo("127.0.0.1");
        assertThat(ApiServer.properties(new ApiAccess("t"), null, null).getProperty("camel.server.host")).isEqualTo("0.0.0.0");
        assertThat(ApiServer.properties(new ApiAccess("t"), null, "10.0.0.7").getProperty("camel.server.host")).isEqualTo("10.0.0.7");
        assertThat(ApiServer.properties(new ApiAccess("t"), null, null).getProperty("camel.server.port")).isEqualTo("8081");
        assertThat(ApiServer.properties(new ApiAccess("t"), "9090", null).getProperty("camel.server.port")).isEqualTo("9090");
    }

    @Test
    void aPersonSeesThePipelineItsCyclesAndImportsInABrowser() throws Exception {
        WebDriver browser = HeadlessChromium.start(dir.resolve("chromium"));
        try {
            browser.get("http://127.0.0.1:" + port + "/");
            // the page redraws its tables every 5 s: an element found before a redraw is stale after it, so every read is retried
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            wait.ignoring(StaleElementReferenceException.class);
            // the page asks for the token once, and keeps it for the session
            wait.until(ExpectedConditions.alertIsPresent()).sendKeys(TOKEN);
            browser.switchTo().alert().accept();
            wait.until(d -> d.findElement(By.id("pipeline-name")).getText().equals("shop / erp → dwh"));
            wait.until(d -> d.findElement(By.id("import-sequence")).getText().matches("[1-9][0-9]*"));
            wait.until(d -> d.findElement(By.id("pipeline-details")).getText().startsWith("1 table(s): public.orders"));
            wait.until(d -> d.findElements(By.cssSelector("#cycles tbody tr")).get(0).findElements(By.tagName("td")).get(2).getText()
                    .equals("ok"));
            wait.until(d -> d.findElement(By.cssSelector("#waiting tbody")).getText()
                    .equals("nothing waits: every published content is imported"));

            // the charts: a bar per cycle of the table and before it, a rows point per bar, a lag point per import cycle
            new WebDriverWait(browser, Duration.ofSeconds(90)).until(d -> d.findElements(By.cssSelector("#cycle-chart rect.bar")).size() == 60);
            @SuppressWarnings("unchecked")
            List<Object> drawn = (List<Object>) ((JavascriptExecutor) browser).executeScript(
                    "const started = selector => [...document.querySelectorAll(selector)].map(e => e.getAttribute('data-started'));"
                    + "return [started('#cycle-chart rect.bar'), started('#cycles tbody tr'),"
                    + " document.querySelectorAll('#cycle-chart circle.rows').length,"
                    + " document.querySelectorAll('#cycle-chart rect.bar.import').length,"
                    + " document.querySelectorAll('#lag-chart circle.lag').length];");
            @SuppressWarnings("unchecked")
            List<String> bars = (List<String>) drawn.get(0);
            @SuppressWarnings("unchecked")
            List<String> tableRows = (List<String>) drawn.get(1);
            JsonNode keptCycles = JSON.readTree(get("/api/cycles?limit=1000").body());
            List<String> kept = keptCycles.findValuesAsText("startedAt");
            // a cycle that failed (for one, refused by the lock a job held) reports no rows, and has no rows point
            Set<String> reportingRows = new HashSet<>();
            keptCycles.forEach(cycle -> {
                if (cycle.hasNonNull("rows")) {
                    reportingRows.add(cycle.path("startedAt").asText());
                }
            });
            assertThat(bars).hasSize(60).doesNotHaveDuplicates();
            assertThat(kept).as("each bar is a cycle the API keeps").containsAll(bars);
            List<String> newest = new ArrayList<>(bars.subList(45, 60));
            Collections.reverse(newest);
            assertThat(tableRows).as("the table's 15 cycles, newest first, are the chart's newest 15").containsExactlyElementsOf(newest);
            assertThat(((Number) drawn.get(2)).intValue()).as("a rows point per cycle that reports rows")
                    .isEqualTo((int) bars.stream().filter(reportingRows::contains).count()).isPositive();
            assertThat(((Number) drawn.get(4)).intValue()).as("a lag point per import cycle, of more than the 60 drawn as bars")
                    .isGreaterThanOrEqualTo(((Number) drawn.get(3)).intValue()).isPositive();
            String leader = JSON.readTree(get("/api/pipeline").body()).path("leaders").path("export").path("leader").asText();
            wait.until(d -> d.findElements(By.cssSelector("#leaders tbody tr")).stream().anyMatch(row -> row.getText()
                    .startsWith("shop.erp.dwh export " + leader + " (this process)") && row.getText().endsWith("none seen by this process")));

            // the form starts an export job, which the page then shows done
            browser.findElement(By.name("author")).sendKeys("Grace");
            browser.findElement(By.name("reference")).sendKeys("PAGE-1");
            browser.findElement(By.name("purpose")).sendKeys("asked from the status page");
            browser.findElement(By.cssSelector("#export-form button")).click();
            wait.until(d -> d.findElement(By.id("export-result")).getText().matches("Export job [0-9a-f-]{36} is queued\\."));
            String id = browser.findElement(By.id("export-result")).getText().split(" ")[2];
            assertThat(awaitJob(id, "done").path("request").path("author").asText()).isEqualTo("Grace");
            wait.until(d -> d.findElements(By.cssSelector("#jobs tbody tr")).stream().anyMatch(row ->
                    row.getText().startsWith(id + " done Grace PAGE-1 asked from the status page")));
            HeadlessChromium.screenshot(browser, Path.of("target", "status-page.png"));
            assertThat(browser.getCurrentUrl()).doesNotContain(TOKEN);
        } finally {
            browser.quit();
        }
    }

    @Test
    void badExportRequestsAre400NamingTheField() throws Exception {
        assertThat(refusal("{}")).isEqualTo("author is required: a non-empty string");
        assertThat(refusal("{\"author\": \"Ada\", \"reference\": \"T-1\"}")).isEqualTo("purpose is required: a non-empty string");
        assertThat(refusal("{\"author\": \" \", \"reference\": \"T-1\", \"purpose\": \"p\"}"))
                .isEqualTo("author is required: a non-empty string");
        assertThat(refusal("{\"author\": \"Ada\", \"reference\": 7, \"purpose\": \"p\"}"))
                .isEqualTo("reference is required: a non-empty string");
        assertThat(refusal("{\"author\": \"Ada\", \"reference\": \"T-1\", \"purpose\": \"p\", \"mode\": \"all\"}"))
                .isEqualTo("mode must be \"delta\" or \"full\", not \"all\"");
        assertThat(refusal("{\"author\": \"Ada\", \"reference\": \"T-1\", \"purpose\": \"p\", \"tables\": [\"public.nope\"]}"))
                .isEqualTo("tables: \"public.nope\" is not a table of this pipeline (ctsync.tables: public.orders)");
        assertThat(refusal("{\"author\": \"Ada\", \"reference\": \"T-1\", \"purpose\": \"p\", \"when\": \"now\"}"))
                .isEqualTo("unknown field 'when' (known: author, reference, purpose, tables, mode)");
        assertThat(refusal("{\"author\": ")).startsWith("the body is not JSON: ");
        assertThat(refusal("[]")).isEqualTo("the body must be a JSON object with author, reference and purpose");
        HttpResponse<String> missing = get("/api/exports/no-such-job");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).path("error").asText())
                .isEqualTo("no export job no-such-job in shop/erp/dwh (fix: GET /api/exports lists them)");
    }

    @Test
    void aFullExportAskedOverHttpResendsEveryRowWithTheRequestInItsManifest() throws Exception {
        long rows = ((Number) source.query("SELECT COUNT(*) FROM public.orders").get(0).get(0)).longValue();
        HttpResponse<String> asked = ctsync.post(port, "/api/exports", "{\"author\": \"Ada\", \"reference\": \"TICKET-7\","
                + " \"purpose\": \"audit of orders\", \"tables\": [\"public.orders\"], \"mode\": \"full\"}",
                "Authorization", "Bearer " + TOKEN);
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
        JsonNode job = JSON.readTree(asked.body());
        String id = job.path("id").asText();
        assertThat(asked.headers().firstValue("Location")).contains("/api/exports/" + id);
        assertThat(job.path("status").asText()).isEqualTo("queued");
        assertThat(job.path("request").path("author").asText()).isEqualTo("Ada");
        assertThat(job.path("request").path("mode").asText()).isEqualTo("full");

        JsonNode done = awaitJob(id, "done");
        assertThat(done.path("sequences").size()).isEqualTo(1);
        long sequence = done.path("sequences").get(0).asLong();
        assertThat(done.path("counts").path("inserted").asLong()).isEqualTo(rows);
        assertThat(done.path("contents").get(0).asText()).isEqualTo(String.format("shop_erp_dwh_%010d.zip", sequence));
        assertThat(Instant.parse(done.path("finishedAt").asText())).isAfterOrEqualTo(Instant.parse(done.path("startedAt").asText()));
        assertThat(Instant.parse(done.path("startedAt").asText())).isAfterOrEqualTo(Instant.parse(done.path("createdAt").asText()));

        Contents.Content content = Contents.read(dir.resolve("gateway"), sequence);
        assertThat(content.manifest().request()).isEqualTo(new Manifest.Request(id, "Ada", "TICKET-7", "audit of orders"));
        // a full export is a backfill: the table, smaller than a chunk, in one range content holding it whole
        assertThat(content.table("public.orders").mode()).isEqualTo("range");
        assertThat(content.table("public.orders").from().isNull()).as("open start").isTrue();
        assertThat(content.table("public.orders").to().isNull()).as("open end").isTrue();
        assertThat(content.rows("public.orders", "inserted.json")).hasSize((int) rows);
        assertThat(JSON.readTree(get("/api/exports").body()).get(0).path("id").asText()).as("newest first").isEqualTo(id);
    }

    @Test
    void aDeltaExportWithNothingChangedIsDoneWithoutASequence() throws Exception {
        HttpResponse<String> asked = ctsync.post(port, "/api/exports",
                "{\"author\": \"Bo\", \"reference\": \"R-2\", \"purpose\": \"check\"}", "Authorization", "Bearer " + TOKEN);
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
        JsonNode done = awaitJob(JSON.readTree(asked.body()).path("id").asText(), "done");
        assertThat(done.path("sequences").size()).isZero();
        assertThat(done.path("error").isNull()).isTrue();
    }

    private static String refusal(String body) throws Exception {
        HttpResponse<String> response = ctsync.post(port, "/api/exports", body, "Authorization", "Bearer " + TOKEN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        return JSON.readTree(response.body()).path("error").asText();
    }

    private static JsonNode awaitJob(String id, String status) throws Exception {
        JsonNode[] job = new JsonNode[1];
        ctsync.await("export job " + id + " " + status, Duration.ofSeconds(60), () -> {
            try {
                job[0] = JSON.readTree(get("/api/exports/" + id).body());
                return job[0].path("status").asText().equals(status);
            } catch (Exception e) {
                return false;
            }
        });
        return job[0];
    }

    static HttpResponse<String> get(String path) throws Exception {
        return ctsync.get(port, path, "Authorization", "Bearer " + TOKEN);
    }

    private static JsonNode find(JsonNode cycles, String pipeline) {
        for (JsonNode cycle : cycles) {
            if (cycle.path("pipeline").asText().equals(pipeline)) {
                return cycle;
            }
        }
        throw new AssertionError("no " + pipeline + " cycle in " + cycles);
    }

    private static boolean importedUpTo(long sequence) {
        try {
            List<List<Object>> rows = target.query("SELECT MAX(sequence) FROM ctsync_import_log WHERE status = 'ok'");
            Object last = rows.get(0).get(0);
            return last != null && ((Number) last).longValue() >= sequence;
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

}
