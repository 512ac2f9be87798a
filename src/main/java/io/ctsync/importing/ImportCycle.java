package io.ctsync.importing;

import io.ctsync.monitoring.CycleRows;
import io.ctsync.packaging.ContentName;

import java.util.ArrayList;
import java.util.List;

/** One import cycle as it moves through the stages of the route; the body of the cycle's exchanges. */
public final class ImportCycle implements CycleRows {

    final long startedNanos = System.nanoTime();
    /** The highest sequence imported before this cycle. */
    long lastSequence;
    /** The pipeline's contents above the last sequence, as the gateway listed them. */
    List<ContentName> listed = List.of();
    /** What sequence control lets through, in order; each becomes one exchange of the split. */
    final List<ContentImport> contents = new ArrayList<>();
    /** Verified parts of a multi-part export cycle, held until its last part arrives. */
    final List<ContentImport> heldParts = new ArrayList<>();
    int imported;
    long rows;
    /** The highest sequence applied so far, this cycle included. */
    long highestImported;
    /** The sequence missing in front of contents that wait behind a gap; 0 when none waits. */
    long missing;

    /** The sequence whose absence blocks the contents after it, if any does (docs/operations.md, "Failures"). */
    public java.util.OptionalLong missingSequence() {
        return missing == 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(missing);
    }

    /** The rows of the contents this cycle has applied. */
    @Override
    public long rows() {
        return rows;
    }

    /** The contents to verify and apply, in sequence order. */
    public List<ContentImport> contents() {
        return contents;
    }
}
