package io.ctsync.packaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.ctsync.db.KeyRange;

import java.util.List;

/** {@code manifest.json}: what a content holds and how to check it (docs/format.md, "manifest.json"). */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Manifest(String format, String application, String source, String destination, long sequence,
                       String createdAt, int part, int parts, List<Table> tables,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Request request) {

    /** A manifest of a scheduled cycle: no request. */
    public Manifest(String format, String application, String source, String destination, long sequence,
                    String createdAt, int part, int parts, List<Table> tables) {
        this(format, application, source, destination, sequence, createdAt, part, parts, tables, null);
    }

    /** Who asked for an on-demand export, and why (docs/format.md, "request"). */
    public record Request(String id, String author, String reference, String purpose) {
    }

    public static final String FORMAT = "ctsync/1";
    public static final String ENTRY = "manifest.json";

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    /**
     * One table of the content. A backfill chunk ({@code mode} "range") has {@code from},
     * exclusive, and {@code to}, inclusive: key objects, JSON null for an open end; other modes
     * have neither. {@code maskKeyId} names the key of the table's hashed columns; absent when none is.
     */
    public record Table(String table, String mode, Long fromVersion, long toVersion, List<String> key,
                        @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode from, @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode to,
                        Counts counts, List<Entry> entries, @JsonInclude(JsonInclude.Include.NON_NULL) String maskKeyId) {

        public static final String RANGE = "range";

        public Table(String table, String mode, Long fromVersion, long toVersion, List<String> key, Counts counts, List<Entry> entries) {
            this(table, mode, fromVersion, toVersion, key, null, null, counts, entries, null);
        }

        public Entry entry(Operation operation) {
            String name = table + "/" + operation.fileName();
            return entries.stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
        }

        public boolean full() {
            return "full".equals(mode);
        }

        public boolean range() {
            return RANGE.equals(mode);
        }

        /** A chunk's keys; null for a table that is no chunk. */
        public KeyRange keyRange() {
            return range() ? new KeyRange(from, to) : null;
        }

        /** Whether the target's rows that the table does not hold are removed: all of them (full), or those in its key range. */
        public boolean removesAbsent() {
            return full() || range();
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
