package io.ctsync.db;

import io.ctsync.values.FetchBudget;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A table's changed keys looked up in the target as sets rather than in small batches: the keys
 * are streamed into the target's session as they are read, and each set is answered by one
 * statement (a join the target's planner can run as a hash join; docs/design.md, "Presence:
 * existing and missing"). Used by one table of one cycle, on one presence reader's connection.
 */
public interface PresenceKeySet extends AutoCloseable {

    /** Whether a key of these values can go into the set: the values whose text the target reads back as the key's own type. */
    static boolean takes(Object[] key) {
        for (Object value : key) {
            if (!(value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof java.math.BigDecimal
                    || value instanceof String)) {
                return false;
            }
        }
        return true;
    }

    /** Adds a changed key (values as {@link #takes} accepts them) with its operation's code. */
    void add(String operation, Object[] key) throws SQLException;

    /**
     * Answers the keys added since the last answer, in the columns of
     * {@link PresenceDialect#presence}'s statement (ordinal, operation, key columns, target columns;
     * the target's all NULL where it lacks the key), in no particular order, fetched by {@code budget}.
     */
    void answer(FetchBudget budget, Answer answer) throws SQLException, IOException;

    /** What reads an answer. */
    @FunctionalInterface
    interface Answer {
        void read(ResultSet rows) throws SQLException, IOException;
    }

    /** Ends a load still in progress (a failed cycle). */
    @Override
    void close() throws SQLException;
}
