package io.ctsync.importing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.ctsync.values.SpilledValue;
import io.ctsync.values.TextRows;
import io.ctsync.values.ValueSpill;
import io.ctsync.values.ValueTooBigException;
import io.ctsync.packaging.ContentReader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows of one entry for the bulk path, read token by token: each row's values are copied as
 * the JSON's text into one character buffer (a nested object or array as its JSON), so a row
 * costs no tree and no string per value. The first row is read when the entry is opened, to learn
 * its fields; a later row's field that the first lacked is ignored, and a field it lacks is NULL,
 * as on the row path. Each row passes a {@link Check} first: a refused one ends the rows, and
 * {@link #throwIfRefused()} says why. A value of {@link ValueSpill#BIG} or more waits in a
 * {@link ValueSpill} instead, a binary one decoded straight from the entry's bytes, so that a
 * big value is never held as its text twice (docs/operations.md, "Memory"); a small binary
 * value's base64 is written again from its bytes.
 */
final class EntryRows implements TextRows {

    /** Decides whether a row is written: true to write it, false to leave it out, an exception to refuse the content. */
    interface Check {
        boolean accept(EntryRows row) throws ContentRejectedException;
    }

    private final JsonParser parser;
    private final String entry;
    /** The fields whose values are base64 of bytes. */
    private final Set<String> binaryFields;
    private final ValueSpill spill = new ValueSpill();
    /** The spilled value of each slot in the current row, or null. */
    private SpilledValue[] spilled = new SpilledValue[16];
    private long rowNumber;
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

    private EntryRows(JsonParser parser, String entry, Set<String> binaryFields) {
        this.parser = parser;
        this.entry = entry;
        this.binaryFields = binaryFields;
    }

    /** The entry's rows, its first row read; null when the entry is absent or empty. {@code binaryFields} hold base64. */
    static EntryRows open(ContentReader content, String entry, Set<String> binaryFields) throws IOException {
        JsonParser parser = content.parser(entry);
        if (parser == null) {
            return null;
        }
        EntryRows rows = new EntryRows(parser, entry, binaryFields);
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            rows.close();
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
        try (spill) {
            parser.close();
        }
    }

    /** Whether a refusal ended the rows ({@link #throwIfRefused()} says why). */
    boolean refused() {
        return refusal != null;
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
                close();
                return false;
            }
            try {
                if (check.accept(this)) {
                    accepted++;
                    return true;
                }
            } catch (ContentRejectedException e) {
                refusal = e;
                close();
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
    public SpilledValue spilled(int column) {
        int slot = columnSlots[column];
        return slot < 0 ? null : spilled[slot];
    }

    @Override
    public int length(int column) {
        int slot = columnSlots[column];
        return slot < 0 ? -1 : lengths[slot];
    }

    /** The current row's text of a field, null for NULL or a field the first row lacked. */
    String text(String field) {
        Integer slot = slots.get(field);
        if (slot != null && spilled[slot] != null) {
            return spilled[slot].string();
        }
        return slot == null || starts[slot] < 0 ? null : new String(chars, starts[slot], lengths[slot]);
    }

    /** Reads the row whose start the parser stands on; the first row also makes the slots. */
    private void readRow(boolean first) throws IOException {
        used = 0;
        rowNumber++;
        spill.newRow();
        Arrays.fill(starts, -1);
        Arrays.fill(lengths, -1);
        Arrays.fill(spilled, null);
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
                try {
                    store(slot, name, value);
                } catch (OutOfMemoryError e) {
                    throw new ValueTooBigException(entry.substring(0, entry.indexOf('/')), "row " + rowNumber + " of " + entry, name, 0, e);
                }
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
            spilled = Arrays.copyOf(spilled, slot * 2);
            starts[slot] = -1;
            lengths[slot] = -1;
        }
        return slot;
    }

    private void store(int slot, String name, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            starts[slot] = -1;
            lengths[slot] = -1;
        } else if (value == JsonToken.VALUE_STRING && binaryFields.contains(name)) {
            // decoded as it is read: Jackson never holds the base64 text
            spilled[slot] = spill.binary(parser);
            if (spilled[slot] == null) {
                byte[] base64 = Base64.getEncoder().encode(Arrays.copyOf(spill.smallBytes(), spill.smallLength()));
                reserve(base64.length);
                for (int i = 0; i < base64.length; i++) {
                    chars[used + i] = (char) base64[i];
                }
                mark(slot, base64.length);
            } else {
                mark(slot, 0);
            }
        } else if (value == JsonToken.VALUE_STRING && parser.getTextLength() >= ValueSpill.BIG) {
            spilled[slot] = spill.text(parser);
            mark(slot, 0);
        } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            // a text column given a JSON structure takes its JSON, as on the row path
            String json = parser.readValueAsTree().toString();
            append(slot, json.toCharArray(), 0, json.length());
        } else {
            append(slot, parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        }
    }

    private void append(int slot, char[] source, int offset, int length) {
        reserve(length);
        System.arraycopy(source, offset, chars, used, length);
        mark(slot, length);
    }

    private void reserve(int length) {
        if (used + length > chars.length) {
            chars = Arrays.copyOf(chars, Math.max(chars.length * 2, used + length));
        }
    }

    /** The slot's value is the {@code length} characters at the end of the buffer. */
    private void mark(int slot, int length) {
        starts[slot] = used;
        lengths[slot] = length;
        used += length;
    }
}
