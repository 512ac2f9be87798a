package io.ctsync.db;

import javax.sql.DataSource;

/** A data source and the type of its database, recognised once when the pool opened. */
public interface Pool extends DataSource {

    DatabaseType type();
}
