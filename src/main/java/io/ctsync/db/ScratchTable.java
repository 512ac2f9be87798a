package io.ctsync.db;

import java.util.List;

/** A work table of one transaction: how SQL refers to it, and the statements that create it. */
public record ScratchTable(String reference, List<String> create) {
}
