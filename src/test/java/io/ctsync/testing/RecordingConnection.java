package io.ctsync.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A JDBC connection to no database: it records every statement sent through it, with its bound
 * parameters, and the isolation and auto-commit settings, in the order they happen. Every query
 * answers one row whose values come from {@link #answers}, unless {@link #answer} gave that query
 * its own row: so a dialect's connection-driven SQL can be reviewed, and its decisions tried,
 * without the database it is written for.
 */
public final class RecordingConnection {

    /** What the one row of every query holds, by getter: a long, an int and a string value. */
    public record Answers(long longValue, int intValue, String stringValue) {
    }

    private final List<String> log = new ArrayList<>();
    private final List<String> statements = new ArrayList<>();
    private final Answers answers;
    private final Map<String, List<Object>> rows = new LinkedHashMap<>();
    private final List<List<Object>> primaryKeys = new ArrayList<>();
    private final Connection connection;

    public RecordingConnection(Answers answers) {
        this.answers = answers;
        this.connection = proxy(Connection.class, (p, method, args) -> switch (method.getName()) {
            case "prepareStatement" -> statement(PreparedStatement.class, (String) args[0]);
            case "createStatement" -> statement(Statement.class, null);
            case "getMetaData" -> proxy(DatabaseMetaData.class, (m, call, a) -> call.getName().equals("getPrimaryKeys")
                    ? primaryKeyResult((String) a[1], (String) a[2])
                    : call.getName().startsWith("get") && call.getReturnType() == ResultSet.class ? emptyResult() : defaultValue(call.getReturnType()));
            case "setAutoCommit" -> record("autoCommit=" + args[0]);
            case "setTransactionIsolation" -> record("isolation=" + args[0]);
            case "setReadOnly" -> record("readOnly=" + args[0]);
            default -> defaultValue(method.getReturnType());
        });
    }

    /** The one row of every query whose SQL contains {@code sqlFragment}: values by column, 1 first, null read as SQL NULL. */
    public RecordingConnection answer(String sqlFragment, Object... row) {
        rows.put(sqlFragment, java.util.Arrays.asList(row));
        return this;
    }

    /** The primary key that the catalog ({@code DatabaseMetaData.getPrimaryKeys}) reports for a table. */
    public RecordingConnection primaryKey(String schema, String table, String... columns) {
        for (int i = 0; i < columns.length; i++) {
            primaryKeys.add(List.of(schema, table, i + 1, columns[i]));
        }
        return this;
    }

    public Connection connection() {
        return connection;
    }

    /** Everything recorded so far, one entry per statement (with its parameters) or setting. */
    public List<String> log() {
        return log;
    }

    /** The SQL of every statement sent so far, without parameters. */
    public List<String> statements() {
        return statements;
    }

    private Object record(String entry) {
        log.add(entry);
        return null;
    }

    private <T extends Statement> T statement(Class<T> type, String prepared) {
        Map<Integer, Object> parameters = new TreeMap<>();
        int[] batched = {0};
        return proxy(type, (p, method, args) -> {
            String name = method.getName();
            if (name.startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer index) {
                parameters.put(index, args[1]);
                return null;
            }
            if (name.equals("addBatch") && prepared != null) {
                statements.add(prepared);
                log.add(prepared + "\n  -- batched parameters: " + render(parameters.values()));
                batched[0]++;
                return null;
            }
            if (name.equals("executeBatch")) {
                log.add("  -- executeBatch: " + batched[0] + " rows");
                int[] counts = new int[batched[0]];
                batched[0] = 0;
                return counts;
            }
            if (name.startsWith("execute")) {
                String sql = prepared != null ? prepared : (String) args[0];
                statements.add(sql);
                log.add(sql + (parameters.isEmpty() ? "" : "\n  -- parameters: " + render(parameters.values())));
                return name.equals("executeQuery") ? oneRow(sql) : defaultValue(method.getReturnType());
            }
            return defaultValue(method.getReturnType());
        });
    }

    static String render(Iterable<Object> values) {
        List<String> rendered = new ArrayList<>();
        for (Object value : values) {
            rendered.add(value instanceof byte[] bytes ? "0x" + java.util.HexFormat.of().withUpperCase().formatHex(bytes)
                    : value instanceof String text ? "N'" + text.replace("'", "''") + "'" : String.valueOf(value));
        }
        return String.join(", ", rendered);
    }

    private ResultSet oneRow(String sql) {
        List<Object> row = rows.entrySet().stream().filter(e -> sql.contains(e.getKey())).map(Map.Entry::getValue).findFirst().orElse(null);
        return row == null ? defaultRow() : rows(List.of(row), List.of());
    }

    private ResultSet defaultRow() {
        boolean[] read = {false};
        return proxy(ResultSet.class, (p, method, args) -> switch (method.getName()) {
            case "next" -> {
                boolean first = !read[0];
                read[0] = true;
                yield first;
            }
            case "getLong" -> answers.longValue();
            case "getInt" -> answers.intValue();
            case "getString" -> answers.stringValue();
            case "wasNull" -> false;
            default -> defaultValue(method.getReturnType());
        });
    }

    private ResultSet primaryKeyResult(String schema, String table) {
        return rows(primaryKeys.stream().filter(k -> k.get(0).equals(schema) && k.get(1).equals(table)).toList(),
                List.of("TABLE_SCHEM", "TABLE_NAME", "KEY_SEQ", "COLUMN_NAME"));
    }

    /** Rows read by column number, or by label where {@code labels} names the columns. */
    private static ResultSet rows(List<List<Object>> rows, List<String> labels) {
        int[] at = {-1};
        Object[] last = {null};
        return proxy(ResultSet.class, (p, method, args) -> {
            if (method.getName().equals("next")) {
                return ++at[0] < rows.size();
            }
            if (method.getName().equals("wasNull")) {
                return last[0] == null;
            }
            if (!method.getName().startsWith("get") || args == null || args.length != 1) {
                return defaultValue(method.getReturnType());
            }
            int column = args[0] instanceof Integer index ? index : labels.indexOf(args[0]) + 1;
            last[0] = rows.get(at[0]).get(column - 1);
            return switch (method.getName()) {
                case "getLong" -> last[0] == null ? 0L : ((Number) last[0]).longValue();
                case "getInt" -> last[0] == null ? 0 : ((Number) last[0]).intValue();
                case "getString", "getNString" -> last[0] == null ? null : last[0].toString();
                default -> last[0];
            };
        });
    }

    private static ResultSet emptyResult() {
        return proxy(ResultSet.class, (p, method, args) -> defaultValue(method.getReturnType()));
    }

    private static Object defaultValue(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(RecordingConnection.class.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
