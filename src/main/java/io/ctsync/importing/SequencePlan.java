package io.ctsync.importing;

import io.ctsync.packaging.ContentName;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sequence control (docs/format.md, "Names and sequence numbers"): of the contents above the last imported sequence, in
 * order, only {@code last + 1, last + 2, ...} may be imported; at the first gap the import stops,
 * and every content after it is blocked by the number that is missing. Ignoring the sequence
 * imports all of them in order.
 */
record SequencePlan(List<ContentName> importable, Map<ContentName, Long> blocked) {

    static SequencePlan of(long lastSequence, List<ContentName> ordered, boolean ignoreSequence) {
        if (ignoreSequence) {
            return new SequencePlan(List.copyOf(ordered), Map.of());
        }
        List<ContentName> importable = new ArrayList<>();
        Map<ContentName, Long> blocked = new LinkedHashMap<>();
        long expected = lastSequence + 1;
        for (ContentName name : ordered) {
            if (blocked.isEmpty() && name.sequence() == expected) {
                importable.add(name);
                expected++;
            } else {
                blocked.put(name, expected);
            }
        }
        return new SequencePlan(List.copyOf(importable), blocked);
    }
}
