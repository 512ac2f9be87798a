package io.ctsync.monitoring;

/** The body of an export or import cycle's exchange, as {@link CycleMonitor} reads it when the cycle ends: how many rows it moved. */
public interface CycleRows {

    /** Rows published (export) or applied (import) by the cycle so far: inserted, updated and deleted. */
    long rows();
}
