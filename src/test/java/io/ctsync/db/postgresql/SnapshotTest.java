package io.ctsync.db.postgresql;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which transactions a PostgreSQL snapshot saw committed, from its text and a row's 32-bit xmin. */
@Tag("unit")
class SnapshotTest {

    @Test
    void belowXminOrBelowXmaxAndNotInProgressIsSeen() {
        Snapshot snapshot = Snapshot.parse("100:110:100,104");
        assertThat(snapshot.sees(99)).isTrue();
        assertThat(snapshot.sees(100)).as("in progress").isFalse();
        assertThat(snapshot.sees(101)).isTrue();
        assertThat(snapshot.sees(104)).as("in progress").isFalse();
        assertThat(snapshot.sees(109)).isTrue();
        assertThat(snapshot.sees(110)).as("started after").isFalse();
    }

    @Test
    void anEmptyInProgressListSeesEverythingBelowXmax() {
        Snapshot snapshot = Snapshot.parse("110:110:");
        assertThat(snapshot.sees(109)).isTrue();
        assertThat(snapshot.sees(110)).isFalse();
    }

    /** Ids are 64-bit with the epoch above 32 bits; a row's xmin keeps the low 32 bits only. */
    @Test
    void aShortIdIsWidenedToTheEpochNearestTheSnapshot() {
        long epoch = 1L << 32;
        Snapshot justAfterWrap = Snapshot.parse((epoch + 5) + ":" + (epoch + 10) + ":" + (epoch + 7));
        assertThat(justAfterWrap.sees(0xFFFFFFF0L)).as("the previous epoch, committed before the wrap").isTrue();
        assertThat(justAfterWrap.sees(7)).as("in progress in this epoch").isFalse();
        assertThat(justAfterWrap.sees(8)).isTrue();
        assertThat(justAfterWrap.sees(12)).as("after the snapshot").isFalse();
        Snapshot justBeforeWrap = Snapshot.parse((epoch - 10) + ":" + (epoch - 5) + ":");
        assertThat(justBeforeWrap.sees(3)).as("the next epoch, after the snapshot").isFalse();
        assertThat(justBeforeWrap.sees(0xFFFFFFF0L)).isTrue();
    }
}
