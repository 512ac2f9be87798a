package io.ctsync.config;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

/**
 * docs/configuration.md lists every key ctsync knows, and no other: its key tables against
 * {@link KnownKeys}, both ways, and the defaults it writes against {@code application.properties}.
 * The page writes a table key as {@code ctsync.table.<schema>.<table>.<suffix>} (a constant as
 * {@code constant.<column>}, a mask as {@code mask.<column>}) and a pipeline's keys as {@code ctsync.pipelines.<name>.<key>}.
 */
@Tag("unit")
class ConfigurationDocTest {

    private static final Path PAGE = Path.of("docs", "configuration.md");
    /** A key table's row: the key alone in backticks in the first cell, then the default's cell. */
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\|([^|]*)\\|");
    private static final Pattern FIRST_CODE = Pattern.compile("`([^`]*)`");
    private static final String TABLE_TEMPLATE = KnownKeys.TABLE_PREFIX + "<schema>.<table>.";
    private static final String PIPELINE_TEMPLATE = Settings.PIPELINES_PREFIX + "<name>.<key>";

    @Test
    void thePageListsEveryKeyTheCodeKnowsAndNoOther() throws Exception {
        Set<String> onPage = new TreeSet<>(rows().keySet());
        onPage.removeIf(key -> !key.startsWith("ctsync."));
        Set<String> inCode = keysInCode();

        Set<String> missingFromPage = new TreeSet<>(inCode);
        missingFromPage.removeAll(onPage);
        Set<String> unknownToCode = new TreeSet<>(onPage);
        unknownToCode.removeAll(inCode);

        assertSoftly(softly -> {
            softly.assertThat(missingFromPage).as("keys ctsync knows (config/KnownKeys, application.properties) that %s does not list", PAGE).isEmpty();
            softly.assertThat(unknownToCode).as("keys %s lists that ctsync does not know (config/KnownKeys)", PAGE).isEmpty();
        });
    }

    @Test
    void theDefaultsOnThePageAreTheBuiltInOnes() throws Exception {
        Map<String, String> builtIn = Settings.readClasspath("application.properties");
        Map<String, String> wrong = new TreeMap<>();
        rows().forEach((key, defaultCell) -> {
            if (builtIn.containsKey(key)) {
                Matcher code = FIRST_CODE.matcher(defaultCell);
                String written = code.find() ? code.group(1) : defaultCell;
                if (!written.equals(builtIn.get(key))) {
                    wrong.put(key, "page says '" + written + "', application.properties '" + builtIn.get(key) + "'");
                }
            }
        });
        assertThat(wrong).as("defaults in %s that differ from the built-in ones", PAGE).isEmpty();
    }

    @Test
    void theTablesHoldTheKeysEverySectionNeeds() throws Exception {
        // the parse itself must find the page's tables: a changed layout must not pass as an empty page
        Map<String, String> rows = rows();
        assertThat(rows).containsKeys("ctsync.application", TABLE_TEMPLATE + "key", TABLE_TEMPLATE + "constant.<column>",
                PIPELINE_TEMPLATE, "camel.management.port");
    }

    /** Every key the code knows, templated keys in the page's notation. */
    private static Set<String> keysInCode() throws ReflectiveOperationException {
        Set<String> keys = new TreeSet<>(KnownKeys.all());
        for (String suffix : tableSuffixes()) {
            keys.add(TABLE_TEMPLATE + suffix);
        }
        for (String prefix : columnPrefixes()) {
            keys.add(TABLE_TEMPLATE + prefix + "<column>");
        }
        keys.add(PIPELINE_TEMPLATE);
        return keys;
    }

    /** KnownKeys keeps what may follow a table's name private; read as the code holds it. */
    @SuppressWarnings("unchecked")
    private static List<String> tableSuffixes() throws ReflectiveOperationException {
        return (List<String>) privateStatic("TABLE_SUFFIXES");
    }

    /** The table keys followed by a column name ({@code constant.}, {@code mask.}). */
    @SuppressWarnings("unchecked")
    private static List<String> columnPrefixes() throws ReflectiveOperationException {
        return (List<String>) privateStatic("COLUMN_PREFIXES");
    }

    private static Object privateStatic(String name) throws ReflectiveOperationException {
        Field field = KnownKeys.class.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(null);
    }

    /** The page's key rows, key to default cell; a key written twice fails. */
    private static Map<String, String> rows() throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        List<String> twice = new ArrayList<>();
        for (String line : Files.readAllLines(PAGE)) {
            Matcher row = ROW.matcher(line);
            if (row.find() && !row.group(1).equals("key")) {
                if (rows.put(row.group(1), row.group(2).strip()) != null) {
                    twice.add(row.group(1));
                }
            }
        }
        assertThat(twice).as("keys %s lists twice", PAGE).isEmpty();
        return rows;
    }
}
