package io.ctsync.config;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmarks' own settings must not look like ctsync's: ctsync reads every {@code CTSYNC_*}
 * variable as a key and warns about one it does not know, so a benchmark variable named so would
 * put a warning in the very run it measures. Only known keys' environment names may appear.
 */
@Tag("unit")
class BenchVariablesTest {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(CTSYNC_[A-Z0-9_]+)");

    @Test
    void benchmarksSetNoCtsyncVariableThatIsNotACtsyncKey() throws IOException {
        Set<String> keys = KnownKeys.all().stream().map(Settings::environmentName).collect(Collectors.toSet());
        List<Path> scripts;
        try (Stream<Path> files = Files.list(Path.of("bench"))) {
            scripts = files.filter(f -> f.toString().endsWith(".sh")).sorted().toList();
        }
        assertThat(scripts).as("bench/*.sh").isNotEmpty();
        List<String> foreign = new ArrayList<>();
        for (Path script : scripts) {
            Set<String> used = new TreeSet<>();
            Matcher matcher = VARIABLE.matcher(Files.readString(script));
            while (matcher.find()) {
                used.add(matcher.group(1));
            }
            used.stream().filter(name -> !keys.contains(name)).forEach(name -> foreign.add(script.getFileName() + ": " + name));
        }
        assertThat(foreign).as("benchmark variables named like ctsync keys (name them BENCH_...)").isEmpty();
    }
}
