package io.ctsync.deployment;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.ctsync.config.Settings;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * k8s/ as a cluster would take it, checked offline: every kustomization renders with kubectl, every
 * Integration passes the Integration CRD's schema of Camel K 2.4.0, every built-in resource reads
 * into the Kubernetes model without an unknown field, and what the manifests name (routes files,
 * property keys, Secret keys) exists in this repository.
 */
@Tag("services")
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("k8s");
    private static final List<String> KUSTOMIZATIONS = List.of("", "plain", "plain/cronjob", "overlays/example", "many-pipelines");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, Class<?>> BUILT_IN = Map.of(
            "v1/ConfigMap", ConfigMap.class,
            "v1/Secret", Secret.class,
            "v1/ServiceAccount", ServiceAccount.class,
            "v1/PersistentVolumeClaim", PersistentVolumeClaim.class,
            "apps/v1/Deployment", Deployment.class,
            "batch/v1/CronJob", CronJob.class,
            "rbac.authorization.k8s.io/v1/Role", Role.class,
            "rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class);

    private static final Pattern ROUTES = Pattern.compile("classpath:(routes/[\\w.-]+\\.camel\\.yaml)");
    private static final Pattern CONFIG_MOUNT = Pattern.compile("configmap:([\\w-]+)/application\\.properties@/etc/ctsync/application\\.properties");

    private static Map<String, List<JsonNode>> rendered;

    @BeforeAll
    static void render() throws Exception {
        assertThat(kubectlPresent()).as("kubectl is not installed, so k8s/ cannot be rendered: run scripts/ensure-kubectl.sh").isTrue();
        rendered = new java.util.LinkedHashMap<>();
        for (String kustomization : KUSTOMIZATIONS) {
            rendered.put(kustomization, kustomize(K8S.resolve(kustomization)));
        }
    }

    @TestFactory
    Stream<DynamicTest> everyKustomizationRendersTheResourcesItPromises() {
        return KUSTOMIZATIONS.stream().map(k -> DynamicTest.dynamicTest("kubectl kustomize k8s/" + k, () -> {
            Set<String> kinds = new TreeSet<>();
            rendered.get(k).forEach(r -> kinds.add(r.path("kind").asText()));
            assertThat(kinds).contains("ConfigMap", "ServiceAccount", "Role", "RoleBinding");
            assertThat(kinds).containsAnyOf("Integration", "Deployment", "CronJob");
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyIntegrationMatchesTheCamelKIntegrationSchema() throws Exception {
        JsonSchema schema = integrationSchema();
        return resources("Integration").map(r -> DynamicTest.dynamicTest(name(r), () -> {
            assertThat(r.path("apiVersion").asText()).isEqualTo("camel.apache.org/v1");
            Set<ValidationMessage> errors = schema.validate(r);
            assertThat(errors).as("schema errors of " + name(r)).isEmpty();
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyBuiltInResourceReadsIntoTheKubernetesModelWithoutUnknownFields() {
        ObjectMapper strict = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                    // fabric8 keeps unknown fields in additionalProperties; a typo must fail instead
                    @Override
                    public Boolean hasAnySetter(Annotated annotated) {
                        return false;
                    }
                });
        return atLeastOne("built-in resource", rendered.values().stream().flatMap(List::stream)
                        .filter(r -> !r.path("kind").asText().equals("Integration")).toList())
                .map(r -> DynamicTest.dynamicTest(name(r), () -> {
                    String type = r.path("apiVersion").asText() + "/" + r.path("kind").asText();
                    assertThat(BUILT_IN).as("a model for " + type).containsKey(type);
                    strict.treeToValue(r, BUILT_IN.get(type));
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyMountedConfigurationNamesRoutesAndKeysThatExist() throws Exception {
        Set<String> knownKeys = knownKeys();
        return resources("ConfigMap").map(r -> DynamicTest.dynamicTest(name(r), () -> {
            Properties properties = new Properties();
            properties.load(new StringReader(r.path("data").path("application.properties").asText()));
            assertThat(properties).as("application.properties of " + name(r)).isNotEmpty();
            for (String key : properties.stringPropertyNames()) {
                assertThat(topLevel(key)).as("a key ctsync or Camel Main reads").isIn(knownKeys);
                assertThat(key).as("secrets belong in the Secret").doesNotEndWith(".password").doesNotContain("connection-string");
            }
            Matcher routes = ROUTES.matcher(properties.getProperty("camel.main.routes-include-pattern", ""));
            assertThat(routes.matches()).as("routes of " + name(r)).isTrue();
            Path file = Path.of(routes.group(1));
            assertThat(file).isRegularFile();
        }));
    }

    @TestFactory
    Stream<DynamicTest> integrationsMountTheirConfigMapAndTakeSecretsFromASecretReference() {
        Set<String> configMaps = new TreeSet<>();
        resources("ConfigMap").forEach(r -> configMaps.add(r.path("metadata").path("name").asText()));
        return resources("Integration").map(r -> DynamicTest.dynamicTest(name(r), () -> {
            JsonNode resourcesTrait = r.path("spec").path("traits").path("mount").path("resources");
            assertThat(resourcesTrait).hasSize(1);
            Matcher mount = CONFIG_MOUNT.matcher(resourcesTrait.get(0).asText());
            assertThat(mount.matches()).as(resourcesTrait.get(0).asText()).isTrue();
            assertThat(configMaps).contains(mount.group(1));
            JsonNode container = r.path("spec").path("template").path("spec").path("containers").get(0);
            assertThat(container.path("name").asText()).as("the operator's container").isEqualTo("integration");
            assertThat(container.path("env").isMissingNode()).as("no inlined environment values").isTrue();
            assertThat(container.path("envFrom").get(0).path("secretRef").path("name").asText()).startsWith("ctsync-");
        }));
    }

    @TestFactory
    Stream<DynamicTest> secretKeysAreTheEnvironmentNamesOfPropertyKeys() throws Exception {
        Set<String> environmentNames = new TreeSet<>();
        knownKeys().forEach(k -> environmentNames.add(Settings.environmentName(k)));
        return Stream.of("exporter.env", "importer.env").map(file -> DynamicTest.dynamicTest(file, () -> {
            Properties secret = new Properties();
            secret.load(new StringReader(Files.readString(K8S.resolve("overlays/example").resolve(file))));
            assertThat(secret.stringPropertyNames()).isNotEmpty().allSatisfy(name -> assertThat(name).isIn(environmentNames));
            assertThat(secret.stringPropertyNames()).allSatisfy(name -> assertThat(secret.getProperty(name))
                    .as("only placeholders are committed").doesNotContainIgnoringCase("secret").satisfiesAnyOf(
                            value -> assertThat(name).doesNotEndWith("_PASSWORD"),
                            value -> assertThat(value).isEqualTo("replace-me")));
        }));
    }

    /** A pipeline's own key, {@code ctsync.pipelines.<name>.export.schedule}, is known when its top-level key is. */
    private static String topLevel(String key) {
        return key.replaceFirst("^ctsync\\.pipelines\\.[^.]+\\.", "ctsync.");
    }

    private static Stream<JsonNode> resources(String kind) {
        return atLeastOne(kind, rendered.values().stream().flatMap(List::stream).filter(r -> r.path("kind").asText().equals(kind)).toList());
    }

    /** The items a test factory makes its tests of, failing the factory when there are none: no rendered resource, no test would pass. */
    private static <T> Stream<T> atLeastOne(String what, List<T> items) {
        assertThat(items).as("rendered resources of kind " + what + " (a test factory of none passes)").isNotEmpty();
        return items.stream();
    }

    private static String name(JsonNode resource) {
        return resource.path("kind").asText() + " " + resource.path("metadata").path("namespace").asText("-")
                + "/" + resource.path("metadata").path("name").asText();
    }

    /** Keys that ctsync's code or defaults read, and Camel Main's own options. */
    private static Set<String> knownKeys() throws IOException {
        Set<String> keys = new TreeSet<>(Settings.readClasspath("application.properties").keySet());
        Pattern literal = Pattern.compile("\"(ctsync\\.[a-z0-9.-]+[a-z0-9])\"");
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher matcher = literal.matcher(Files.readString(source));
                while (matcher.find()) {
                    keys.add(matcher.group(1));
                }
            }
        }
        for (String role : List.of("source", "target", "state")) {
            for (String part : List.of("url", "username", "password")) {
                keys.add("ctsync." + role + "." + part);
            }
        }
        try (InputStream in = org.apache.camel.main.Main.class.getResourceAsStream("/META-INF/camel-main-configuration-metadata.json")) {
            for (JsonNode option : new ObjectMapper().readTree(in).path("properties")) {
                String name = option.path("name").asText();
                keys.add(name);
                keys.add(dashed(name));
            }
        }
        return keys;
    }

    private static String dashed(String camelCase) {
        return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The CRD's openAPIV3Schema, made as strict as the API server's field validation: an object
     * that lists its properties accepts no other (Kubernetes would prune or reject them).
     */
    private static JsonSchema integrationSchema() throws IOException {
        JsonNode crd;
        try (InputStream in = KubernetesManifestsTest.class.getResourceAsStream("/camel.apache.org_integrations.yaml")) {
            crd = YAML.readTree(in);
        }
        JsonNode version = null;
        for (JsonNode v : crd.path("spec").path("versions")) {
            if (v.path("name").asText().equals("v1")) {
                version = v;
            }
        }
        assertThat(version).as("Integration CRD version v1").isNotNull();
        JsonNode schema = version.path("schema").path("openAPIV3Schema").deepCopy();
        closeObjects(schema);
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema);
    }

    private static void closeObjects(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties") && !object.has("additionalProperties")
                    && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                object.put("additionalProperties", false);
            }
            for (Iterator<JsonNode> children = object.elements(); children.hasNext(); ) {
                closeObjects(children.next());
            }
        } else if (node != null && node.isArray()) {
            node.forEach(KubernetesManifestsTest::closeObjects);
        }
    }

    private static boolean kubectlPresent() {
        try {
            Process process = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<JsonNode> kustomize(Path dir) throws Exception {
        Process process = new ProcessBuilder("kubectl", "kustomize", dir.toString()).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("kubectl kustomize " + dir + ": " + err).isZero();
        List<JsonNode> documents = new ArrayList<>();
        YAML.readerFor(JsonNode.class).<JsonNode>readValues(new String(out, StandardCharsets.UTF_8))
                .forEachRemaining(d -> {
                    if (d != null && !d.isEmpty()) {
                        documents.add(d);
                    }
                });
        return documents;
    }
}
