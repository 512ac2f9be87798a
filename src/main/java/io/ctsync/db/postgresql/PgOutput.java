package io.ctsync.db.postgresql;

import io.ctsync.config.TableName;
import io.ctsync.db.LogicalDecoding.Change;
import io.ctsync.db.LogicalDecoding.Transaction;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the messages of PostgreSQL's {@code pgoutput} plugin, protocol version 1 (PostgreSQL's
 * "Logical Replication Message Formats"), one message per peeked row, into committed transactions.
 * Only what a window needs is kept: per change the table, the operation and the values of the
 * replica identity columns (the key) as text; other columns are skipped.
 */
final class PgOutput {

    /** A published table as its Relation message describes it: per column its name, or null when it is not a key column. */
    private record Relation(TableName table, String[] keyColumns) {
    }

    private final Map<Integer, Relation> relations = new HashMap<>();
    private final List<Transaction> transactions = new ArrayList<>();
    private long xid;
    private long commitLsn;
    private String marker;
    private List<Change> changes;

    /** The transactions committed so far, in commit order. */
    List<Transaction> transactions() {
        return transactions;
    }

    void read(byte[] message) {
        ByteBuffer in = ByteBuffer.wrap(message);
        switch (in.get()) {
            case 'B' -> {
                commitLsn = in.getLong();
                in.getLong(); // commit time
                xid = Integer.toUnsignedLong(in.getInt());
                marker = null;
                changes = new ArrayList<>();
            }
            case 'C' -> transactions.add(new Transaction(xid, commitLsn, marker, List.copyOf(changes)));
            case 'R' -> relation(in);
            case 'I' -> change(in, 'I');
            case 'U' -> update(in);
            case 'D' -> change(in, 'D');
            case 'T' -> truncate(in);
            case 'M' -> message(in);
            default -> {
                // Origin and Type messages say nothing a window needs
            }
        }
    }

    private void relation(ByteBuffer in) {
        int id = in.getInt();
        TableName table = new TableName(text(in), text(in));
        in.get(); // replica identity setting
        String[] keyColumns = new String[Short.toUnsignedInt(in.getShort())];
        for (int i = 0; i < keyColumns.length; i++) {
            boolean key = (in.get() & 1) != 0;
            String name = text(in);
            in.getInt(); // type
            in.getInt(); // type modifier
            keyColumns[i] = key ? name : null;
        }
        relations.put(id, new Relation(table, keyColumns));
    }

    /** An insert's new row, or a delete's old key (K) or old row (O, replica identity full). */
    private void change(ByteBuffer in, char operation) {
        Relation relation = relations.get(in.getInt());
        in.get(); // N, K or O
        changes.add(new Change(relation.table(), operation, key(in, relation)));
    }

    /**
     * An update: when it changed the key, the old key comes first (K, or the old row, O) and the
     * update is a delete of the old key and an insert of the new one, as the trigger tracking records a re-keying.
     */
    private void update(ByteBuffer in) {
        Relation relation = relations.get(in.getInt());
        byte part = in.get();
        if (part == 'K' || part == 'O') {
            Map<String, String> old = key(in, relation);
            in.get(); // N
            Map<String, String> now = key(in, relation);
            if (!old.equals(now)) {
                changes.add(new Change(relation.table(), 'D', old));
                changes.add(new Change(relation.table(), 'I', now));
                return;
            }
            changes.add(new Change(relation.table(), 'U', now));
            return;
        }
        changes.add(new Change(relation.table(), 'U', key(in, relation)));
    }

    private void truncate(ByteBuffer in) {
        int count = in.getInt();
        in.get(); // CASCADE, RESTART IDENTITY
        for (int i = 0; i < count; i++) {
            Relation relation = relations.get(in.getInt());
            if (relation != null) {
                changes.add(new Change(relation.table(), 'T', Map.of()));
            }
        }
    }

    /** A logical decoding message; a transactional one of prefix {@code ctsync} marks the transaction as ctsync's own. */
    private void message(ByteBuffer in) {
        boolean transactional = (in.get() & 1) != 0;
        in.getLong(); // its LSN
        String prefix = text(in);
        byte[] content = new byte[in.getInt()];
        in.get(content);
        if (transactional && "ctsync".equals(prefix) && changes != null) {
            marker = new String(content, StandardCharsets.UTF_8);
        }
    }

    /** The key columns' values of a TupleData, as text; a NULL or an unchanged TOASTed value as null. */
    private static Map<String, String> key(ByteBuffer in, Relation relation) {
        int columns = Short.toUnsignedInt(in.getShort());
        Map<String, String> key = new LinkedHashMap<>();
        for (int i = 0; i < columns; i++) {
            byte kind = in.get();
            String value = null;
            if (kind == 't' || kind == 'b') {
                byte[] bytes = new byte[in.getInt()];
                in.get(bytes);
                value = new String(bytes, StandardCharsets.UTF_8);
            }
            String name = i < relation.keyColumns().length ? relation.keyColumns()[i] : null;
            if (name != null) {
                key.put(name, value);
            }
        }
        return key;
    }

    private static String text(ByteBuffer in) {
        int start = in.position();
        while (in.get() != 0) {
            // up to the terminating zero byte
        }
        return new String(in.array(), start, in.position() - start - 1, StandardCharsets.UTF_8);
    }
}
