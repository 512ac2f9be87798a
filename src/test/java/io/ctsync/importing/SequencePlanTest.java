package io.ctsync.importing;

import io.ctsync.packaging.ContentName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Sequence control alone: which listed contents may be imported after the last imported one, and what blocks the rest. */
@Tag("unit")
class SequencePlanTest {

    private static List<ContentName> names(long... sequences) {
        return Arrays.stream(sequences).mapToObj(s -> new ContentName("shop", "erp", "dwh", s)).toList();
    }

    @Test
    void theContentsRightAfterTheLastImportedOneAreImportedInOrder() {
        SequencePlan plan = SequencePlan.of(4, names(5, 6, 7), false);
        assertThat(plan.importable()).isEqualTo(names(5, 6, 7));
        assertThat(plan.blocked()).isEmpty();
    }

    @Test
    void theFirstGapBlocksEveryContentAfterItByTheMissingNumber() {
        SequencePlan plan = SequencePlan.of(4, names(5, 7, 8), false);
        assertThat(plan.importable()).isEqualTo(names(5));
        List<ContentName> behind = names(7, 8);
        assertThat(plan.blocked()).containsExactly(Map.entry(behind.get(0), 6L), Map.entry(behind.get(1), 6L));
    }

    @Test
    void aMissingFirstContentBlocksEverything() {
        SequencePlan plan = SequencePlan.of(0, names(2, 3), false);
        assertThat(plan.importable()).isEmpty();
        List<ContentName> behind = names(2, 3);
        assertThat(plan.blocked()).containsExactly(Map.entry(behind.get(0), 1L), Map.entry(behind.get(1), 1L));
    }

    @Test
    void aContentAfterTheGapThatHappensToFollowTheMissingNumberStaysBlocked() {
        // 6 is missing; 7 is blocked, and so is the 6 listed after it (a listing is not trusted to be ordered here)
        SequencePlan plan = SequencePlan.of(4, names(5, 7, 6), false);
        assertThat(plan.importable()).isEqualTo(names(5));
        List<ContentName> behind = names(7, 6);
        assertThat(plan.blocked()).containsExactly(Map.entry(behind.get(0), 6L), Map.entry(behind.get(1), 6L));
    }

    @Test
    void ignoringTheSequenceImportsWhatIsListedInItsOrder() {
        SequencePlan plan = SequencePlan.of(4, names(6, 9), true);
        assertThat(plan.importable()).isEqualTo(names(6, 9));
        assertThat(plan.blocked()).isEmpty();
    }

    @Test
    void nothingListedImportsNothing() {
        SequencePlan plan = SequencePlan.of(4, List.of(), false);
        assertThat(plan.importable()).isEmpty();
        assertThat(plan.blocked()).isEmpty();
    }
}
