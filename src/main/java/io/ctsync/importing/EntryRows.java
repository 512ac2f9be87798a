package io.ctsync.importing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.ctsync.values.TextRows;
import io.ctsync.packaging.ContentReader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of one entry for the bulk path, read token by token: each row's values are copied as
 * the JSON's text into one character buffer (a nested object or array as its JSON), so a row
 * costs no tree and no string per value. The first row is read when the entry is opened, to learn
 * its fields; a later row's field that the first lacked is ignored, and a field it lacks is NULL,
 * as on the row path. Each row passes a {@link Check} first: a refused one ends the rows, and
 * {@link #throwIfRefused()} says why.
 */
final class EntryRows implements TextRows {

    /** Decides whether a row is written: true to write it, false to leave it out, an exception to refuse the content. */
    interface Check {
        boolean accept(EntryRows row) throws ContentRejectedException;
    }

    private final JsonParser parser;
    /** Each field's slot, in the order of the first row's fields. */
    private final Map<String, Integer> slots = new HashMap<>();
    private final List<String> fields = new ArrayList<>();
    private char[] chars = new char[256];
    private int used;
    private int[] starts = new int[16];
    private int[] lengths = new int[16];
    /** The slot of each selected column; -1 where the first row had no such field. */
    private int[] columnSlots = new int[0];
    private boolean firstPending = true;
    private Check check = row -> true;
    private ContentRejectedException refusal;
    private long accepted;

    private EntryRows(JsonParser parser) {
        this.parser = parser;
    }

    /** The entry's rows, its first row read; null when the entry is absent or empty. */
    static EntryRows open(ContentReader content, String entry) throws IOException {
        JsonParser parser = content.parser(entry);
        if (parser == null) {
            return null;
        }
        EntryRows rows = new EntryRows(parser);
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            parser.close();
            return null;
        }
        rows.readRow(true);
        return rows;
    }

    /** The first row's fields, in its order. */
    List<String> fields() {
        return List.copyOf(fields);
    }

    /** The fields that become the values of the rows, in this order. */
    void select(List<String> columns) {
        columnSlots = columns.stream().mapToInt(c -> slots.getOrDefault(c, -1)).toArray();
    }

    void check(Check rowCheck) {
        this.check = rowCheck;
    }

    /** The rows that passed the check so far. */
    long accepted() {
        return accepted;
    }

    /** Leaves the rest of the rows unread. */
    void close() throws IOException {
        parser.close();
    }

    /** Throws the refusal that ended the rows, if one did. */
    void throwIfRefused() throws ContentRejectedException {
        if (refusal != null) {
            throw refusal;
        }
    }

    @Override
    public boolean next() throws IOException {
        while (refusal == null) {
            if (firstPending) {
                firstPending = false;
            } else if (parser.nextToken() == JsonToken.START_OBJECT) {
                readRow(false);
            } else {
                parser.close();
                return false;
            }
            try {
                if (check.accept(this)) {
                    accepted++;
                    return true;
                }
            } catch (ContentRejectedException e) {
                refusal = e;
                parser.close();
            }
        }
        return false;
    }

    @Override
    public char[] chars() {
        return chars;
    }

    @Override
    public int start(int column) {
        int slot = columnSlots[column];
        return slot < 0 ? -1 : starts[slot];
    }

    @Override
    public int length(int column) {
        int slot = columnSlots[column];
        return slot < 0 ? -1 : lengths[slot];
    }

    /** The current row's text of a field, null for NULL or a field the first row lacked. */
    String text(String field) {
        Integer slot = slots.get(field);
        return slot == null || starts[slot] < 0 ? null : new String(chars, starts[slot], lengths[slot]);
    }

    /** Reads the row whose start the parser stands on; the first row also makes the slots. */
    private void readRow(boolean first) throws IOException {
        used = 0;
        Arrays.fill(starts, -1);
        Arrays.fill(lengths, -1);
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            Integer slot = slots.get(name);
            if (slot == null && first) {
                slot = addSlot(name);
            }
            JsonToken value = parser.nextToken();
            if (slot == null) {
                parser.skipChildren();
            } else {
                store(slot, value);
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new IOException("a row is not a JSON object of values");
        }
    }

    private int addSlot(String name) {
        int slot = fields.size();
        fields.add(name);
        slots.put(name, slot);
        if (slot == starts.length) {
            starts = Arrays.copyOf(starts, slot * 2);
            lengths = Arrays.copyOf(lengths, slot * 2);
            starts[slot] = -1;
            lengths[slot] = -1;
        }
        return slot;
    }

    private void store(int slot, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            starts[slot] = -1;
            lengths[slot] = -1;
        } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            // a text column given a JSON structure takes its JSON, as on the row path
            String json = parser.readValueAsTree().toString();
            append(slot, json.toCharArray(), 0, json.length());
        } else {
            append(slot, parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        }
    }

    private void append(int slot, char[] source, int offset, int length) {
        if (used + length > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(chars.length * 2, used + length));
        }
        System.arraycopy(source, offset, chars, used, length);
        starts[slot] = used;
        lengths[slot] = length;
        used += length;
    }
}
