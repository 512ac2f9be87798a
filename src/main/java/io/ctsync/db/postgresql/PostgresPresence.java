package io.ctsync.db.postgresql;

import io.ctsync.db.PresenceDialect;

/** The presence lookup on PostgreSQL: the standard statement, in a snapshot that a second reader joins. */
final class PostgresPresence implements PresenceDialect, PostgresSql {
}
