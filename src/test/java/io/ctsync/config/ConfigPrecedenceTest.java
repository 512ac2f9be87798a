package io.ctsync.config;

import io.ctsync.testing.Pipelines;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order keys are read in (docs/configuration.md, "How keys are read"): an environment variable
 * over {@code -D} over the {@code --config} file, for real, in a JVM of its own started with the
 * variable in its environment. Each source holds an invalid {@code ctsync.application}, so the
 * refusal line names the value that won; the file over the built-in defaults is the refusal of
 * {@code ctsync.export.max-rows-per-file=lots} in {@code StartupRefusalTest}.
 */
@Tag("process")
class ConfigPrecedenceTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "env={0} -D={1} -> {2}")
    @CsvSource({"from_env, from_property, from_env", ", from_property, from_property", ", , from_file"})
    void theEnvironmentWinsOverSystemPropertiesWhichWinOverTheFile(String environment, String property, String winner) throws Exception {
        Properties file = new Properties();
        file.putAll(Pipelines.properties("from_file", "src", "dst", dir.resolve("state"), dir.resolve("gateway"), "app.t"));
        file.put("ctsync.source.url", "jdbc:h2:file:" + dir.resolve("source"));
        Path config = dir.resolve("application.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            file.store(out, null);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        if (property != null) {
            command.add("-Dctsync.application=" + property);
        }
        command.addAll(List.of("io.ctsync.Ctsync", "--config", config.toString(), "--once"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(dir.resolve("stderr").toFile())
                .redirectOutput(dir.resolve("stdout").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("CTSYNC_"));
        if (environment != null) {
            env.put(Settings.environmentName("ctsync.application"), environment);
        }
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("ctsync exits").isTrue();

        String stderr = Files.readString(dir.resolve("stderr")).strip();
        assertThat(process.exitValue()).as(stderr).isEqualTo(2);
        assertThat(stderr).isEqualTo("ctsync: ctsync.application: '" + winner + "' is not a valid name"
                + stderr.substring(stderr.indexOf(" (fix: ")));
        assertThat(dir.resolve("gateway")).doesNotExist();
    }
}
