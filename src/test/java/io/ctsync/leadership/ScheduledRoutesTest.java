package io.ctsync.leadership;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** High availability holds only if no schedule bypasses the leader: every quartz consumer sits behind master:. */
@Tag("unit")
class ScheduledRoutesTest {

    private static final Pattern QUARTZ_URI = Pattern.compile("uri:\\s*\"?([^\\s\"]*quartz:[^\\s\"]*)");

    @Test
    void everyScheduleInRoutesRunsOnlyOnTheLeader() throws Exception {
        List<Path> files;
        try (Stream<Path> routes = Files.list(Path.of("routes"))) {
            files = routes.filter(p -> p.toString().endsWith(".camel.yaml")).toList();
        }
        int schedules = 0;
        for (Path file : files) {
            Matcher uri = QUARTZ_URI.matcher(Files.readString(file));
            while (uri.find()) {
                schedules++;
                assertThat(uri.group(1)).as(file + ": a schedule").matches("master:(\\{\\{group}})?[a-z-]+:quartz:.+");
            }
        }
        assertThat(schedules).as("schedules in routes/").isPositive();
    }
}
