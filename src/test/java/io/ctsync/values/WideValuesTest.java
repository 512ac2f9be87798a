package io.ctsync.values;

import io.ctsync.config.ConfigException;
import io.ctsync.config.Settings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pieces that keep wide rows within a bounded heap (docs/operations.md, "Memory"): fetches
 * sized by the widest row, a big value going into COPY in buffer-sized pieces, and sizes in bytes.
 */
@Tag("unit")
class WideValuesTest {

    private static final long MB = 1 << 20;

    @Test
    void fetchesStartAtOneRowGrowEightfoldAndHoldSixteenMegabytesAtTheWidestRow() throws Exception {
        List<Integer> sizes = new ArrayList<>();
        ResultSet rows = (ResultSet) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ResultSet.class}, (proxy, method, args) -> {
            if (method.getName().equals("setFetchSize")) {
                sizes.add((Integer) args[0]);
            }
            return null;
        });
        FetchBudget narrow = new FetchBudget(5_000);
        assertThat(narrow.size()).isEqualTo(1);
        for (int i = 0; i < 1_000; i++) {
            narrow.rowWritten(rows, 100);
        }
        assertThat(sizes).startsWith(8, 16, 24).endsWith(5_000);
        assertThat(narrow.size()).isEqualTo(5_000);

        FetchBudget wide = new FetchBudget(5_000);
        wide.rowWritten(rows, 100);
        wide.rowWritten(rows, 100);
        assertThat(wide.size()).isEqualTo(16);
        wide.rowWritten(rows, 10 * MB);
        assertThat(wide.size()).as("16 MB at 10 MB a row").isEqualTo(1);
        for (int i = 0; i < 100; i++) {
            wide.rowWritten(rows, 100);
        }
        assertThat(wide.size()).as("the widest row seen stays the measure").isEqualTo(1);
        FetchBudget megabyteRows = new FetchBudget(5_000);
        for (int i = 0; i < 100; i++) {
            megabyteRows.rowWritten(rows, MB);
        }
        assertThat(megabyteRows.size()).isEqualTo(16);
    }

    @Test
    void aValueBiggerThanTheBufferGoesToCopyInPiecesWithItsCharactersWhole() throws Exception {
        // a piece is 21,845 characters: the first would end between the two chars of the surrogate pair
        String value = "a\tb\\c" + "é".repeat(21_844 - 5) + "\uD83D\uDE00" + "x".repeat(80_000);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        List<Integer> pieces = new ArrayList<>();
        new CopyText((bytes, offset, length) -> {
            sent.write(bytes, offset, length);
            pieces.add(length);
        }, new JsonForm[] {JsonForm.TEXT}).write(oneRow(value));

        String expected = value.replace("\\", "\\\\").replace("\t", "\\t") + "\n";
        assertThat(sent.toString(StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(pieces).hasSizeGreaterThan(2).allMatch(length -> length <= 1 << 16);
    }

    @Test
    void sizesAreBytesOrKilobytesMegabytesAndGigabytes() {
        Settings settings = Settings.of(Map.of("a", "16MB", "b", "512", "c", "2 gb", "d", "lots", "e", "64kB"));
        assertThat(settings.getBytes("a", 0, 1)).isEqualTo(16 * MB);
        assertThat(settings.getBytes("b", 0, 1)).isEqualTo(512);
        assertThat(settings.getBytes("c", 0, 1)).isEqualTo(2048 * MB);
        assertThat(settings.getBytes("e", 0, 1)).isEqualTo(64 * 1024);
        assertThat(settings.getBytes("absent", 7, 1)).isEqualTo(7);
        assertThatThrownBy(() -> settings.getBytes("d", 0, 1)).isInstanceOf(ConfigException.class).hasMessageContaining("write for example 16MB");
    }

    private static TextRows oneRow(String value) {
        char[] chars = value.toCharArray();
        return new TextRows() {
            private boolean read;

            @Override
            public boolean next() {
                boolean first = !read;
                read = true;
                return first;
            }

            @Override
            public char[] chars() {
                return chars;
            }

            @Override
            public int start(int column) {
                return 0;
            }

            @Override
            public int length(int column) {
                return chars.length;
            }
        };
    }
}
