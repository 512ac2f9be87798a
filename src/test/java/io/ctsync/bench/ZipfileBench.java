package io.ctsync.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ctsync.packaging.ContentSeries;
import io.ctsync.packaging.Operation;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.aggregate.zipfile.ZipAggregationStrategy;
import org.apache.camel.support.DefaultExchange;

import java.io.File;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why the row path does not use camel-zipfile (bench/zipfile-bench.sh runs it, one variant per
 * JVM): the same N change rows of the export benchmark's bench_product shape (60% inserted, 30%
 * updated, 10% deleted) packed as one content three ways.
 * <ul>
 *   <li>{@code streaming}: ctsync's {@link ContentSeries}, rows streamed into deflated entries.</li>
 *   <li>{@code per-entry}: each entry's rows held as maps, marshalled with Jackson to one JSON array
 *   (what camel-jackson's marshal does) and aggregated as one exchange per entry by camel-zipfile's
 *   {@link ZipAggregationStrategy}.</li>
 *   <li>{@code per-row}: one exchange per row, each a ZIP entry of its own, aggregated the same way
 *   (not even the content format), stopped after a time limit because each aggregation rewrites the zip.</li>
 * </ul>
 * The strategy is called directly, as the aggregator EIP calls it, so Camel's routing cost is not
 * counted: the figures favour camel-zipfile.
 *
 * <p>Arguments: variant, number of rows, work directory[, time limit in seconds for per-row].
 * Prints one line: {@code zipfile-bench: <variant> rows=<done> seconds=<wall> bytes=<zip size>}.
 */
public final class ZipfileBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ZipfileBench() {
    }

    public static void main(String[] args) throws Exception {
        String variant = args[0];
        int rows = Integer.parseInt(args[1]);
        Path work = Files.createDirectories(Path.of(args[2]));
        long limitNanos = args.length > 3 ? Long.parseLong(args[3]) * 1_000_000_000L : Long.MAX_VALUE;
        long started = System.nanoTime();
        long[] result = switch (variant) {
            case "streaming" -> streaming(rows, work);
            case "per-entry" -> perEntry(rows, work);
            case "per-row" -> perRow(rows, work, started, limitNanos);
            default -> throw new IllegalArgumentException("variant is streaming, per-entry or per-row, not " + variant);
        };
        System.out.printf("zipfile-bench: %s rows=%d seconds=%.2f bytes=%d%n", variant, result[0],
                (System.nanoTime() - started) / 1e9, result[1]);
    }

    /** The operation of row {@code i}: the export benchmark's 60/30/10 split. */
    private static Operation operation(int i) {
        int tenth = i % 10;
        return tenth < 6 ? Operation.INSERTED : tenth < 9 ? Operation.UPDATED : Operation.DELETED;
    }

    /** A bench_product row, with its columns in table order; deleted rows carry the key alone. */
    private static Map<String, Object> row(int id, Operation operation) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", (long) id);
        if (operation == Operation.DELETED) {
            return row;
        }
        row.put("sku", "SKU-" + id);
        row.put("name", "Product name " + id);
        row.put("price", BigDecimal.valueOf(id % 10000, 2));
        row.put("qty", id % 500);
        row.put("updated_at", Instant.parse("2026-01-01T00:00:00Z").plusSeconds(id).toString());
        row.put("active", id % 3 != 0);
        row.put("note", id % 7 == 0 ? null : "note " + Integer.toHexString(id * 31));
        return row;
    }

    private static long[] streaming(int rows, Path work) throws Exception {
        ContentSeries.Pipeline pipeline = new ContentSeries.Pipeline("bench", "zipfile", "streaming");
        List<ContentSeries.Staged> staged;
        try (ContentSeries series = new ContentSeries(pipeline, 1, 1, 1, Long.MAX_VALUE, 1, work, name -> work.resolve(name.fileName()))) {
            series.beginTable(new ContentSeries.TableHeader("public.bench_product", "delta", 0L, 1L, List.of("id"),
                    EnumSet.of(Operation.INSERTED, Operation.UPDATED, Operation.DELETED)));
            for (int i = 1; i <= rows; i++) {
                Operation operation = operation(i);
                JsonGenerator json = series.row(operation);
                json.writeStartObject();
                for (Map.Entry<String, Object> column : row(i, operation).entrySet()) {
                    json.writeFieldName(column.getKey());
                    json.writeObject(column.getValue());
                }
                json.writeEndObject();
            }
            series.endTable();
            staged = series.finish();
        }
        return new long[] {rows, Files.size(staged.get(0).file())};
    }

    private static long[] perEntry(int rows, Path work) throws Exception {
        Map<Operation, List<Map<String, Object>>> entries = new EnumMap<>(Operation.class);
        for (int i = 1; i <= rows; i++) {
            Operation operation = operation(i);
            entries.computeIfAbsent(operation, o -> new ArrayList<>()).add(row(i, operation));
        }
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            ZipAggregationStrategy zip = strategy(work);
            Exchange aggregated = null;
            Map<String, Object> manifest = new LinkedHashMap<>();
            for (Map.Entry<Operation, List<Map<String, Object>>> entry : entries.entrySet()) {
                byte[] json = JSON.writeValueAsBytes(entry.getValue());
                String name = "public.bench_product/" + entry.getKey().fileName();
                manifest.put(name, Map.of("sha256", sha256(json), "rows", entry.getValue().size()));
                aggregated = zip.aggregate(aggregated, exchange(camel, name, json));
            }
            aggregated = zip.aggregate(aggregated, exchange(camel, "manifest.json", JSON.writeValueAsBytes(manifest)));
            return new long[] {rows, aggregated.getIn().getBody(File.class).length()};
        }
    }

    private static long[] perRow(int rows, Path work, long started, long limitNanos) throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.start();
            ZipAggregationStrategy zip = strategy(work);
            Exchange aggregated = null;
            int done = 0;
            while (done < rows && System.nanoTime() - started < limitNanos) {
                done++;
                byte[] json = JSON.writeValueAsBytes(row(done, operation(done)));
                aggregated = zip.aggregate(aggregated, exchange(camel, "public.bench_product/" + done + ".json", json));
            }
            return new long[] {done, aggregated.getIn().getBody(File.class).length()};
        }
    }

    private static ZipAggregationStrategy strategy(Path work) {
        ZipAggregationStrategy zip = new ZipAggregationStrategy(true, true);
        zip.setParentDir(work.toFile());
        return zip;
    }

    private static Exchange exchange(CamelContext camel, String entryName, byte[] body) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setHeader(Exchange.FILE_NAME, entryName);
        exchange.getIn().setBody(body);
        return exchange;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
