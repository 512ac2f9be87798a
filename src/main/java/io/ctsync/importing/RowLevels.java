package io.ctsync.importing;

import io.ctsync.db.ForeignKey;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of a table that references itself, in levels: a row's level is one above the highest
 * level among the rows of the same set that it references (0 when it references none of them).
 * Writing level 0 first puts every parent before its children; deleting the highest level first,
 * every child before its parent. Rows that reference each other round (possible only where the
 * source checks the key later than each statement) are put in some order, and the target names
 * the constraint if it refuses them.
 */
final class RowLevels {

    /** A column's value in a row, as the target column's type converts it; null when absent. */
    interface Values<R> {
        Object get(R row, String column);
    }

    private RowLevels() {
    }

    static <R> List<List<R>> of(List<R> rows, List<ForeignKey> selfReferences, Values<R> values) {
        int[][] parents = parents(rows, selfReferences, values);
        int[] level = new int[rows.size()];
        Arrays.fill(level, -1);
        boolean[] onPath = new boolean[rows.size()];
        int highest = 0;
        for (int start = 0; start < rows.size(); start++) {
            // depth first without recursion: a chain can be as long as the table
            Deque<int[]> stack = new ArrayDeque<>();
            if (level[start] < 0) {
                stack.push(new int[] {start, 0});
                onPath[start] = true;
            }
            while (!stack.isEmpty()) {
                int[] top = stack.peek();
                int row = top[0];
                if (top[1] < parents[row].length) {
                    int parent = parents[row][top[1]++];
                    if (level[parent] < 0 && !onPath[parent]) {
                        stack.push(new int[] {parent, 0});
                        onPath[parent] = true;
                    }
                    continue;
                }
                level[row] = 0;
                for (int parent : parents[row]) {
                    level[row] = Math.max(level[row], level[parent] + 1);
                }
                highest = Math.max(highest, level[row]);
                onPath[row] = false;
                stack.pop();
            }
        }
        List<List<R>> levels = new ArrayList<>();
        for (int i = 0; i <= highest && !rows.isEmpty(); i++) {
            levels.add(new ArrayList<>());
        }
        for (int i = 0; i < rows.size(); i++) {
            levels.get(level[i]).add(rows.get(i));
        }
        return levels;
    }

    /** For each row, the rows of the set that it references, itself left out. */
    private static <R> int[][] parents(List<R> rows, List<ForeignKey> selfReferences, Values<R> values) {
        List<List<Integer>> parents = new ArrayList<>();
        rows.forEach(row -> parents.add(new ArrayList<>()));
        for (ForeignKey key : selfReferences) {
            Map<Key, Integer> byReferenced = new HashMap<>();
            for (int i = 0; i < rows.size(); i++) {
                Key referenced = key(rows.get(i), key.referencedColumns(), values);
                if (referenced != null) {
                    byReferenced.put(referenced, i);
                }
            }
            for (int i = 0; i < rows.size(); i++) {
                Integer parent = byReferenced.get(key(rows.get(i), key.columns(), values));
                if (parent != null && parent != i) {
                    parents.get(i).add(parent);
                }
            }
        }
        return parents.stream().map(p -> p.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    }

    /**
     * The values of the columns as a key that compares across column types (an int referencing a
     * bigint); null when one is null, as a foreign key with a null column references nothing.
     */
    private static <R> Key key(R row, List<String> columns, Values<R> values) {
        Object[] key = new Object[columns.size()];
        for (int i = 0; i < key.length; i++) {
            Object value = values.get(row, columns.get(i));
            if (value == null) {
                return null;
            }
            key[i] = value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte
                    || value instanceof BigInteger ? new BigDecimal(value.toString()) : value;
        }
        return new Key(key);
    }
}
