package io.ctsync.importing;

import io.ctsync.config.TableName;
import io.ctsync.db.ForeignKey;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The rows of a table that references itself, in levels: parents in a lower level than their children. */
@Tag("unit")
class RowLevelsTest {

    private static final TableName TREE = new TableName("app", "tree");
    private static final ForeignKey PARENT = new ForeignKey("tree_parent", TREE, List.of("parent"), TREE, List.of("id"), false);
    private static final ForeignKey MENTOR = new ForeignKey("tree_mentor", TREE, List.of("mentor"), TREE, List.of("id"), false);

    @Test
    void aChainListedChildrenFirstGetsOneLevelPerGeneration() {
        List<Map<String, Object>> rows = List.of(row(5, 4, null), row(4, 3, null), row(3, 2, null), row(2, 1, null), row(1, null, null));
        assertThat(ids(RowLevels.of(rows, List.of(PARENT), Map::get))).containsExactly(List.of(1), List.of(2), List.of(3), List.of(4), List.of(5));
    }

    @Test
    void aRowIsOneLevelAboveItsHighestParentAcrossEveryKey() {
        // 3's parent is 1 (level 0), its mentor 2 (level 1): 3 is on level 2
        List<Map<String, Object>> rows = List.of(row(3, 1, 2), row(2, 1, null), row(1, null, null), row(4, 1, 1));
        assertThat(ids(RowLevels.of(rows, List.of(PARENT, MENTOR), Map::get))).containsExactly(List.of(1), List.of(2, 4), List.of(3));
    }

    @Test
    void aNullReferenceAParentOutsideTheSetAndARowReferencingItselfAreLevelZero() {
        List<Map<String, Object>> rows = List.of(row(1, null, null), row(2, 99, null), row(3, 3, null));
        assertThat(ids(RowLevels.of(rows, List.of(PARENT), Map::get))).containsExactly(List.of(1, 2, 3));
    }

    @Test
    void keysCompareAcrossIntegerTypes() {
        Map<String, Object> child = row(2, null, null);
        child.put("parent", 1L);
        Map<String, Object> parent = row(1, null, null);
        parent.put("id", (short) 1);
        assertThat(RowLevels.of(List.of(child, parent), List.of(PARENT), Map::get)).containsExactly(List.of(parent), List.of(child));
    }

    @Test
    void keysCompareAcrossEveryIntegerType() {
        Map<String, Object> byteParent = row(1, null, null);
        byteParent.put("id", (byte) 1);
        Map<String, Object> bigChild = row(2, null, null);
        bigChild.put("parent", java.math.BigInteger.ONE);
        Map<String, Object> longParent = row(3, null, null);
        longParent.put("id", 3L);
        Map<String, Object> intChild = row(4, 3, null);
        assertThat(RowLevels.of(List.of(bigChild, intChild, byteParent, longParent), List.of(PARENT), Map::get))
                .containsExactly(List.of(byteParent, longParent), List.of(bigChild, intChild));
    }

    @Test
    void rowsReferencingEachOtherRoundAreAllPlaced() {
        List<Map<String, Object>> rows = List.of(row(1, 2, null), row(2, 1, null));
        assertThat(ids(RowLevels.of(rows, List.of(PARENT), Map::get))).containsExactly(List.of(2), List.of(1));
    }

    @Test
    void noRowsNoLevels() {
        assertThat(RowLevels.of(List.<Map<String, Object>>of(), List.of(PARENT), Map::get)).isEmpty();
    }

    private static Map<String, Object> row(int id, Integer parent, Integer mentor) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("parent", parent);
        row.put("mentor", mentor);
        return row;
    }

    private static List<List<Object>> ids(List<List<Map<String, Object>>> levels) {
        return levels.stream().map(level -> level.stream().map(row -> row.get("id")).toList()).toList();
    }
}
