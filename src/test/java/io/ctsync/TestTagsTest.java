package io.ctsync;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.annotation.Testable;
import org.junit.platform.commons.support.AnnotationSupport;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every test class carries exactly one of the tags below, the one of the heaviest thing it needs,
 * so that {@code scripts/test.sh --fast} (the {@code unit} and {@code h2} tags) misses no class
 * that needs no service, and runs none that does. A class without a tag would still run in the full
 * suite but silently never in the fast one: this test fails in both instead.
 * <ul>
 * <li>{@code unit}: nothing outside the JVM and its temporary files: no database, no ctsync run</li>
 * <li>{@code h2}: H2 databases and ctsync runs inside the test's JVM, no server</li>
 * <li>{@code postgres}: a PostgreSQL server (a class that runs on PostgreSQL and H2 is postgres)</li>
 * <li>{@code services}: Azurite, Chromium or kubectl, with or without PostgreSQL</li>
 * <li>{@code process}: ctsync started in a JVM of its own, on its schedule, with whatever it needs</li>
 * </ul>
 */
@Tag("unit")
class TestTagsTest {

    static final List<String> TAGS = List.of("unit", "h2", "postgres", "services", "process");

    @Test
    void everyTestClassCarriesExactlyOneTag() throws Exception {
        Path classes = Path.of(TestTagsTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, List<String>> tagsByClass = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".").replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, TestTagsTest.class.getClassLoader());
                if (Arrays.stream(type.getDeclaredMethods()).anyMatch(TestTagsTest::isTest)) {
                    tagsByClass.put(name, AnnotationSupport.findRepeatableAnnotations(type, Tag.class).stream().map(Tag::value).toList());
                }
            }
        }
        assertThat(tagsByClass).as("test classes found in " + classes).hasSizeGreaterThan(70);
        List<String> wrong = new ArrayList<>();
        tagsByClass.forEach((name, tags) -> {
            if (tags.size() != 1 || !TAGS.contains(tags.get(0))) {
                wrong.add(name + " " + tags);
            }
        });
        assertThat(wrong).as("classes without exactly one of the tags " + TAGS + " (see this class)").isEmpty();
    }

    /** {@code @Test}, {@code @ParameterizedTest}, {@code @TestFactory}, ...: every JUnit annotation that makes a method a test. */
    private static boolean isTest(Method method) {
        return AnnotationSupport.isAnnotated(method, Testable.class);
    }
}
