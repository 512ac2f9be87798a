package io.ctsync.masking;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ctsync.db.h2.H2Type;
import io.ctsync.values.ColumnTypes;
import io.ctsync.values.ColumnWriter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/format.md, "Masked columns": its worked example is true. Each value is read from H2 in its
 * own type and hashed by ctsync's writer; the JDK's HMAC of the bytes the page says are hashed
 * gives the same hex, and the page's table row shows that hex. NULL stays null; {@code null} writes null.
 */
@Tag("h2")
class MaskedColumnsDocTest {

    private static final String KEY = "example-key";
    private static final ColumnTypes TYPES = new H2Type().source().types();
    /** Each column of the query, with the text the page says is hashed. */
    private static final List<String> TEXTS = List.of("alice@example.com", "Zoë \"Z\" Ünal", "42", "12.50", "true", "2026-12-07");
    private static final String QUERY = "SELECT CAST('alice@example.com' AS VARCHAR(40)), CAST('Zoë \"Z\" Ünal' AS VARCHAR(40)),"
            + " CAST(42 AS INT), CAST(12.50 AS DECIMAL(10, 2)), TRUE, DATE '2026-12-07', CAST(NULL AS VARCHAR(10))";

    @Test
    void theWorkedExampleOfTheFormatPageIsWhatCtsyncWritesAndWhatTheJdkComputes() throws Exception {
        String page = Files.readString(Path.of("docs", "format.md"));
        ColumnMasks masks = new ColumnMasks(Map.of("c", Mask.HASH), new MaskKey("example", KEY));
        try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:masked_doc");
             Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(QUERY)) {
            rs.next();
            ColumnWriter[] clear = ColumnWriter.forColumns(TYPES, rs.getMetaData(), 1, TEXTS.size() + 1);
            MaskKey.Hasher hasher = masks.hasher();
            for (int i = 0; i < TEXTS.size(); i++) {
                String written = write(masks.writer("c", clear[i], hasher), rs, i + 1);
                String expected = hmac(TEXTS.get(i));
                assertThat(written).as("column %d, %s", i + 1, TEXTS.get(i)).isEqualTo("\"" + expected + "\"");
                assertThat(page).as("the page's row for %s", TEXTS.get(i))
                        .containsPattern("\\| `" + Pattern.quote(TEXTS.get(i)) + "` \\| `\"" + expected + "\"` \\|");
            }
            assertThat(write(masks.writer("c", clear[TEXTS.size()], hasher), rs, TEXTS.size() + 1)).as("NULL under hash").isEqualTo("null");
            ColumnMasks nulls = new ColumnMasks(Map.of("c", Mask.NULL), null);
            assertThat(write(nulls.writer("c", clear[0], null), rs, 1)).isEqualTo("null");
            assertThat(write(masks.writer("other", clear[0], hasher), rs, 1)).as("a column not masked").isEqualTo("\"alice@example.com\"");
        }
    }

    private static String write(ColumnWriter writer, ResultSet rs, int column) throws Exception {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(text)) {
            writer.write(rs, column, json);
        }
        return text.toString();
    }

    private static String hmac(String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }
}
