package io.ctsync.leadership;

import java.time.Instant;

/**
 * A lease as the election reads and writes it, whatever keeps it (a Kubernetes Lease, a file):
 * client-go's leader election record, and the version the store compares on replace.
 *
 * @param holder      who holds it; empty once its holder gave it up
 * @param version     the store's version of this record (the Lease's resourceVersion); null for a new one
 */
public record LeaseRecord(String holder, Instant acquireTime, Instant renewTime, int leaseDurationSeconds, int transitions, String version) {

    public boolean heldBy(String identity) {
        return identity.equals(holder);
    }

    public boolean released() {
        return holder == null || holder.isEmpty();
    }

    /** The same record as a store's reply would read it, without the version: what a standby compares to notice a renewal. */
    LeaseRecord content() {
        return new LeaseRecord(holder, acquireTime, renewTime, leaseDurationSeconds, transitions, null);
    }
}
