package io.ctsync.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ctsync.packaging.Manifest;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * {@code <name>.result.json}, written beside the zip after it, and only once: a reader that sees
 * it can trust the zip. It carries what a downstream reader needs without opening the zip (counts,
 * sequence, versions) and a read-only, expiring link to download it. Its fields are specified in
 * docs/format.md, "result.json", and docs/schema/result.schema.json.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record ResultDocument(String format, String application, String source, String destination, long sequence,
                      int part, int parts, String createdAt, String zipBlob, long zipSize, String zipSha256,
                      Manifest.Counts counts, List<TableResult> tables, String zipSasUri, String sasExpires) {

    record TableResult(String table, String mode, Long fromVersion, long toVersion, Manifest.Counts counts) {
    }

    static ResultDocument of(Manifest manifest, String zipBlob, long zipSize, String zipSha256, String zipSasUri, OffsetDateTime sasExpires) {
        List<TableResult> tables = manifest.tables().stream()
                .map(t -> new TableResult(t.table(), t.mode(), t.fromVersion(), t.toVersion(), t.counts()))
                .toList();
        return new ResultDocument(manifest.format(), manifest.application(), manifest.source(), manifest.destination(),
                manifest.sequence(), manifest.part(), manifest.parts(), manifest.createdAt(), zipBlob, zipSize, zipSha256,
                total(manifest.tables()), tables, zipSasUri, sasExpires.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    }

    private static Manifest.Counts total(List<Manifest.Table> tables) {
        return tables.stream().map(Manifest.Table::counts).reduce(new Manifest.Counts(0, 0, 0, 0, 0),
                (a, b) -> new Manifest.Counts(a.inserted() + b.inserted(), a.updated() + b.updated(), a.deleted() + b.deleted(),
                        a.existing() + b.existing(), a.missing() + b.missing()));
    }
}
