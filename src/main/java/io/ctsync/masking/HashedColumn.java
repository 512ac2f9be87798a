package io.ctsync.masking;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamWriteFeature;
import io.ctsync.values.ColumnWriter;

import java.io.IOException;
import java.io.StringWriter;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Writes a column as the hash of its value's text: the value is first written in its JSON form
 * exactly as a content would hold it (docs/format.md, "Values"); a string is hashed without its
 * quotes and escapes, any other value as its JSON text ({@code 42}, {@code 12.50}, {@code true},
 * {@code [1,2]}). NULL stays null: there is no value to hide.
 */
public final class HashedColumn implements ColumnWriter {

    /** The contents' own number form: BigDecimal as plain digits, never with an exponent. */
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

    private final ColumnWriter clear;
    private final MaskKey.Hasher hasher;

    HashedColumn(ColumnWriter clear, MaskKey.Hasher hasher) {
        this.clear = clear;
        this.hasher = hasher;
    }

    @Override
    public void write(ResultSet rs, int index, JsonGenerator json) throws SQLException, IOException {
        String hashed = hashed(rs, index);
        if (hashed == null) {
            json.writeNull();
        } else {
            json.writeString(hashed);
        }
    }

    /** The hash of the column's value in the current row, or null for NULL: a hashed key as the content and the target hold it. */
    public String hashed(ResultSet rs, int index) throws SQLException, IOException {
        String text = text(rs, index);
        return text == null ? null : hasher.hash(text);
    }

    private String text(ResultSet rs, int index) throws SQLException, IOException {
        StringWriter written = new StringWriter();
        try (JsonGenerator value = JSON.createGenerator(written)) {
            clear.write(rs, index, value);
        }
        String form = written.toString();
        if (form.equals("null")) {
            return null;
        }
        if (!form.startsWith("\"")) {
            return form;
        }
        try (JsonParser string = JSON.createParser(form)) {
            string.nextToken();
            return string.getText();
        }
    }
}
