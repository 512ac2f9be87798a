package io.ctsync.presence;

import io.ctsync.db.PresenceDialect;
import io.ctsync.db.PresenceKeySet;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ctsync.values.Column;

import io.ctsync.db.TableInfo;
import io.ctsync.config.TableName;
import io.ctsync.values.ColumnWriter;
import io.ctsync.values.FetchBudget;
import io.ctsync.packaging.ContentSeries;
import io.ctsync.packaging.Operation;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Collects one table's changed keys and answers them in batches, one round trip per batch,
 * writing {@code existing.json} ({@code changeOperation}, {@code primaryKey}, the whole
 * {@code target} row) and {@code missing.json} ({@code changeOperation}, {@code primaryKey}).
 * Key values are bound as read by their form and taken as the target key column's type (the
 * dialect's {@link io.ctsync.values.ColumnTypes#parameter}), so an int source key finds a bigint
 * target key, a varchar one a text key, and a date one a date key. The lookups run on the presence
 * readers' threads, batches taking turns between them (two on PostgreSQL, one elsewhere), so that
 * the target's round trips overlap the streaming of the changes and each other; at most a few
 * batches are in flight, so memory stays flat. Where the target takes a table's keys as one set
 * ({@link PresenceKeySet}: PostgreSQL, keys of whole numbers, decimals, text or uuids, at most four
 * columns), they stream into it instead, and one statement answers them when the part or the table
 * ends: one join per set of up to {@link #SET_KEYS} keys instead of an index probe per key.
 */
public final class TablePresence {

    private final List<PresenceLookup.Reader> readers;
    private final PresenceDialect dialect;
    private final TableName target;
    private final List<String> key;
    private final String[] constantNames;
    private final Object[] constantValues;
    private final int[] constantTypes;
    private final List<Column> targetColumns;
    private final int batchSize;
    private final int timeoutSeconds;
    /** Of a history target: the valid-to column, NULL in the open version, which alone stands for its key; null otherwise. */
    private final String openVersionColumn;
    private static final int BATCHES_IN_FLIGHT = 4;

    private final Deque<Future<?>> inFlight = new ArrayDeque<>();
    /** Per reader, its prepared statements by batch size (a full batch's and the last, shorter one's). */
    private final List<Map<Integer, PreparedStatement>> statements = new ArrayList<>();
    /** Per reader, the size of its fetches: an existing row carries the whole target row, as wide as it is. */
    private final List<FetchBudget> fetches = new ArrayList<>();
    private int nextReader;
    /**
     * Held while a batch's answer is written: the readers' round trips overlap, their writing does
     * not, and answers are written in the order their batches were queued.
     */
    private final Object writing = new Object();
    private long batchesQueued;
    private long batchesWritten;
    private List<Object[]> keys = new ArrayList<>();
    private List<Operation> operations = new ArrayList<>();
    /** Where the first key column of the target row is: NULL there means the target lacks the key. */
    private final int existsColumn;
    /** Which key columns of the target are of a national character type: their text is bound as NVARCHAR. */
    private final boolean[] nationalKeys;
    private long existing;
    private long missing;
    private ColumnWriter[] keyWriters;
    private ColumnWriter[] targetWriters;
    /**
     * On a target that takes a table's keys as sets (PostgreSQL), one set per reader, chosen by the
     * first key's values; null: batches. Sets of {@link #SET_KEYS} keys take turns between the
     * readers like batches do: while one reader's set is answered and written, the next set loads
     * into the other reader's session.
     */
    private PresenceKeySet[] keySets;
    private boolean keySetsChosen;
    /** Per reader, its set's answer still in flight: its connection is busy until it ends. */
    private final Future<?>[] answering;
    private int setKeys;
    static final int SET_KEYS = 100_000;
    /**
     * A filtered table's deletes are written here, not by the stream, and only for keys the target
     * holds: a row that never matched has no business downstream, not even its key.
     */
    private final boolean deletesOnlyIfHeld;

    TablePresence(List<PresenceLookup.Reader> readers, PresenceDialect dialect, TableName target, TableInfo source,
                  List<Column> targetColumns, int batchSize, int timeoutSeconds, String openVersionColumn) {
        this.readers = readers;
        this.answering = new Future<?>[readers.size()];
        readers.forEach(reader -> statements.add(new HashMap<>()));
        readers.forEach(reader -> fetches.add(new FetchBudget(batchSize)));
        this.dialect = dialect;
        this.target = target;
        this.key = source.key();
        this.targetColumns = targetColumns;
        this.batchSize = batchSize;
        this.timeoutSeconds = timeoutSeconds;
        this.openVersionColumn = openVersionColumn;
        this.constantNames = source.constants().keySet().toArray(String[]::new);
        this.constantValues = source.constants().values().toArray();
        this.constantTypes = source.constants().keySet().stream().mapToInt(c -> column(c).jdbcType()).toArray();
        this.nationalKeys = new boolean[key.size()];
        for (int k = 0; k < key.size(); k++) {
            int type = column(key.get(k)).jdbcType();
            nationalKeys[k] = type == java.sql.Types.NCHAR || type == java.sql.Types.NVARCHAR || type == java.sql.Types.LONGNVARCHAR;
        }
        this.existsColumn = 3 + key.size() + targetColumns.stream().map(Column::name).toList().indexOf(key.get(0));
        this.deletesOnlyIfHeld = source.filter() != null;
    }

    /** Whether a delete's key is only given to {@link #add}, which writes the delete itself when the target holds the key. */
    public boolean writesDeletes() {
        return deletesOnlyIfHeld;
    }

    private Column column(String name) {
        return targetColumns.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * Queues a changed key; a full batch goes to the presence thread, to be written into the series'
     * current part. Synchronized: a table read in two streams at once adds keys from both.
     */
    public synchronized void add(Operation operation, Object[] keyValues, ContentSeries series) throws SQLException, IOException {
        if (!keySetsChosen) {
            keySetsChosen = true;
            keySets = PresenceKeySet.takes(keyValues) ? keySets() : null;
        }
        if (keySets != null) {
            if (setKeys == 0) {
                awaitReader(nextReader);
            }
            keySets[nextReader].add(operation.code(), keyValues);
            if (++setKeys == SET_KEYS) {
                submitSet(series);
            }
            return;
        }
        operations.add(operation);
        keys.add(keyValues);
        if (keys.size() == batchSize) {
            submit(series);
            if (inFlight.size() > BATCHES_IN_FLIGHT) {
                await(inFlight.removeFirst());
            }
        }
    }

    /** Waits until every queued key is answered and written; called before a part closes and at the table's end. */
    public synchronized void flush(ContentSeries series) throws SQLException, IOException {
        if (keySets != null) {
            submitSet(series);
        } else {
            submit(series);
        }
        while (!inFlight.isEmpty()) {
            await(inFlight.removeFirst());
        }
    }

    /** A set per reader, or null when the dialect takes this table's keys in batches only. */
    private PresenceKeySet[] keySets() throws SQLException {
        PresenceKeySet[] sets = new PresenceKeySet[readers.size()];
        for (int r = 0; r < sets.length; r++) {
            PresenceKeySet set = dialect.keySet(readers.get(r).connection(), target, targetColumns, key, List.of(constantNames),
                    constantValues, constantTypes, openVersionColumn, timeoutSeconds).orElse(null);
            if (set == null) {
                return null;
            }
            sets[r] = set;
        }
        return sets;
    }

    /** Waits until the reader's last set is answered: its session's key table is then free for the next. */
    private void awaitReader(int reader) throws SQLException, IOException {
        Future<?> answer = answering[reader];
        if (answer != null) {
            answering[reader] = null;
            inFlight.remove(answer);
            await(answer);
        }
    }

    /** The current set to its reader's thread, which answers it and writes the answer in its turn. */
    private void submitSet(ContentSeries series) {
        if (setKeys == 0) {
            return;
        }
        setKeys = 0;
        int reader = nextReader;
        Future<?> answer = inTurn(turn -> {
            FetchBudget budget = fetches.get(reader);
            keySets[reader].answer(budget, rows -> {
                synchronized (writing) {
                    awaitTurn(turn);
                    write(rows, budget, series);
                }
            });
        });
        answering[reader] = answer;
    }

    /** A lookup of the next turn, which writes its answer when every earlier turn has written its. */
    @FunctionalInterface
    private interface Lookup {
        void run(long turn) throws SQLException, IOException;
    }

    /** Runs {@code lookup} on the next reader's thread, in the next turn. */
    private Future<?> inTurn(Lookup lookup) {
        int reader = nextReader;
        nextReader = (nextReader + 1) % readers.size();
        long turn = batchesQueued++;
        Future<?> done = readers.get(reader).thread().submit(() -> {
            try {
                lookup.run(turn);
            } finally {
                // a failed lookup gives its turn up too, so that the ones after it do not wait for ever
                synchronized (writing) {
                    awaitTurn(turn);
                    batchesWritten++;
                    writing.notifyAll();
                }
            }
            return null;
        });
        inFlight.addLast(done);
        return done;
    }

    private void submit(ContentSeries series) {
        if (keys.isEmpty()) {
            return;
        }
        List<Object[]> batchKeys = keys;
        List<Operation> batchOperations = operations;
        keys = new ArrayList<>(batchSize);
        operations = new ArrayList<>(batchSize);
        int reader = nextReader;
        inTurn(turn -> lookUp(reader, turn, batchKeys, batchOperations, series));
    }

    private static void await(Future<?> batch) throws SQLException, IOException {
        try {
            batch.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the target", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** One round trip: runs on the reader's thread, the only user of its connection while changes stream. */
    private void lookUp(int reader, long turn, List<Object[]> keys, List<Operation> operations, ContentSeries series)
            throws SQLException, IOException {
        PreparedStatement statement = statement(reader, keys.size());
        int p = 1;
        for (int row = 0; row < keys.size(); row++) {
            statement.setInt(p++, row);
            statement.setString(p++, operations.get(row).code());
            Object[] values = keys.get(row);
            for (int k = 0; k < values.length; k++) {
                if (values[k] instanceof String text && nationalKeys[k]) {
                    // SQL Server's driver sends other strings in the database's code page (sendStringParametersAsUnicode=false)
                    statement.setNString(p++, text);
                } else {
                    statement.setObject(p++, values[k]);
                }
            }
        }
        for (int c = 0; c < constantValues.length; c++) {
            statement.setObject(p++, constantValues[c], constantTypes[c]);
        }
        FetchBudget budget = fetches.get(reader);
        budget.prepare(statement);
        try (ResultSet rs = statement.executeQuery()) {
            synchronized (writing) {
                awaitTurn(turn);
                write(rs, budget, series);
            }
        }
    }

    /** Waits, holding {@link #writing}, until every batch queued before {@code turn} has been written. */
    private void awaitTurn(long turn) throws InterruptedIOException {
        try {
            while (batchesWritten != turn) {
                writing.wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to write a presence batch");
        }
    }

    /** The batch's answer into the existing and missing entries, in the order of its keys. */
    private void write(ResultSet rs, FetchBudget budget, ContentSeries series) throws SQLException, IOException {
        if (keyWriters == null) {
            keyWriters = ColumnWriter.forColumns(dialect.types(), rs.getMetaData(), 3, 2 + key.size());
            targetWriters = ColumnWriter.forColumns(dialect.types(), rs.getMetaData(), 3 + key.size(), 2 + key.size() + targetColumns.size());
        }
        int firstTarget = 3 + key.size();
        while (rs.next()) {
            boolean exists = rs.getObject(existsColumn) != null;
            String operation = rs.getString(2);
            if (deletesOnlyIfHeld && operation.equals(Operation.DELETED.code())) {
                if (!exists) {
                    continue;
                }
                writeKey(rs, series.presenceRow(Operation.DELETED));
            }
            if (exists) {
                existing++;
            } else {
                missing++;
            }
            JsonGenerator json = series.presenceRow(exists ? Operation.EXISTING : Operation.MISSING);
            long before = FetchBudget.written(json);
            json.writeStartObject();
            json.writeStringField("changeOperation", operation);
            json.writeFieldName("primaryKey");
            writeKey(rs, json);
            if (exists) {
                json.writeFieldName("target");
                json.writeStartObject();
                for (int t = 0; t < targetColumns.size(); t++) {
                    json.writeFieldName(targetColumns.get(t).name());
                    targetWriters[t].write(rs, firstTarget + t, json);
                }
                json.writeEndObject();
            }
            json.writeEndObject();
            budget.rowWritten(rs, FetchBudget.written(json) - before);
        }
    }

    /** The key columns the batch bound, as the target's types read them back, and the constants. */
    private void writeKey(ResultSet rs, JsonGenerator json) throws SQLException, IOException {
        json.writeStartObject();
        for (int k = 0; k < key.size(); k++) {
            json.writeFieldName(key.get(k));
            keyWriters[k].write(rs, 3 + k, json);
        }
        for (int c = 0; c < constantNames.length; c++) {
            json.writeStringField(constantNames[c], String.valueOf(constantValues[c]));
        }
        json.writeEndObject();
    }

    private PreparedStatement statement(int reader, int rows) throws SQLException {
        PreparedStatement statement = statements.get(reader).get(rows);
        if (statement == null) {
            statement = readers.get(reader).connection().prepareStatement(
                    dialect.presence(target, targetColumns, key, List.of(constantNames), rows, openVersionColumn));
            statement.setQueryTimeout(timeoutSeconds);
            statements.get(reader).put(rows, statement);
        }
        return statement;
    }

    /** Keys found in the target so far; read after {@link #flush}. */
    public long existing() {
        return existing;
    }

    /** Keys the target lacks so far; read after {@link #flush}. */
    public long missing() {
        return missing;
    }

    /** Closes the prepared statements (a full batch's and the last, shorter one's), once nothing is in flight. */
    public void close() throws SQLException {
        for (Future<?> batch : inFlight) {
            batch.cancel(false);
        }
        inFlight.clear();
        for (int r = 0; keySets != null && r < keySets.length; r++) {
            keySets[r].close();
        }
        for (Map<Integer, PreparedStatement> prepared : statements) {
            for (PreparedStatement statement : prepared.values()) {
                statement.close();
            }
            prepared.clear();
        }
    }
}
