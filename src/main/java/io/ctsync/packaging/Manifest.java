package io.ctsync.packaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.List;

/** {@code manifest.json}: what a content holds and how to check it (docs/format.md, "manifest.json"). */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Manifest(String format, String application, String source, String destination, long sequence,
                       String createdAt, int part, int parts, List<Table> tables) {

    public static final String FORMAT = "ctsync/1";
    public static final String ENTRY = "manifest.json";

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    public record Table(String table, String mode, Long fromVersion, long toVersion, List<String> key,
                        Counts counts, List<Entry> entries) {

        public Entry entry(Operation operation) {
            String name = table + "/" + operation.fileName();
            return entries.stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
        }

        public boolean full() {
            return "full".equals(mode);
        }
    }

    public record Counts(long inserted, long updated, long deleted, long existing, long missing) {
    }

    public record Entry(String name, String sha256, long rows) {
    }

    public ContentName contentName() {
        return new ContentName(application, source, destination, sequence);
    }
}
