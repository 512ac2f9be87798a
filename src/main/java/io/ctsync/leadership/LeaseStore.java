package io.ctsync.leadership;

/** Where one lease is kept: read it, create it, or replace it only if nobody changed it since it was read. */
public interface LeaseStore {

    /** The lease, or null when it does not exist yet. */
    LeaseRecord read() throws Exception;

    /** Creates the lease; false when another process created it first. */
    boolean create(LeaseRecord lease) throws Exception;

    /** Replaces the lease if its version is still {@code next.version()}; false when it changed since. */
    boolean replace(LeaseRecord next) throws Exception;

    /** What it is, for the log: the Lease's namespace and name, or the file. */
    String describe();
}
