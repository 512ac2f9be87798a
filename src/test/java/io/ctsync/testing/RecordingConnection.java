package io.ctsync.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.CharacterCodingException;
import java.nio.CharBuffer;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A JDBC connection to no database that behaves as mssql-jdbc 13.6 does for everything that is not
 * SQL (docs/sqlserver.md, "What has and has not run against a real SQL Server"): it records every
 * statement sent through it, with its bound parameters as the server receives them, and the
 * isolation, auto-commit and transaction calls, in the order they happen.
 * <ul>
 * <li>With {@code sendStringParametersAsUnicode=false} a string bound by {@code setString} or
 * {@code setObject} travels as varchar in the database's code page ({@link #CODE_PAGE}): a character
 * outside it arrives as {@code ?}, and the log shows {@code '...'}; {@code setNString} travels as
 * nvarchar and shows {@code N'...'}.</li>
 * <li>A {@code BigDecimal} parameter is typed {@code decimal(38, its own scale)}
 * ({@code Parameter.GetTypeDefinitionOp}); a column of a multi-row {@code VALUES} list of such bare
 * parameters takes the type UNION ALL gives them, decimal(38, the smallest scale): each value that
 * loses digits to it is logged and kept in {@link #roundings()}.</li>
 * <li>{@code releaseSavepoint} throws {@link SQLFeatureNotSupportedException}, as
 * {@code SQLServerConnection.releaseSavepoint} always does.</li>
 * <li>{@code DatabaseMetaData} calls bind their names with {@code setString} (varchar), and answer
 * from the catalog given by {@link #table}.</li>
 * </ul>
 * Every query answers one row of {@link #answers}, unless {@link #answer} gave that query its own.
 */
public final class RecordingConnection {

    /** The code page of the database's default collation (SQL_Latin1_General_CP1_CI_AS), in which varchar parameters travel. */
    public static final Charset CODE_PAGE = Charset.forName("windows-1252");
    private static final int MAX_DECIMAL_PRECISION = 38;

    /** What the one row of every query holds, by getter: a long, an int and a string value. */
    public record Answers(long longValue, int intValue, String stringValue) {
    }

    /** The rows of a query, given its parameters as the server received them. */
    public interface Rows {
        List<List<Object>> of(List<Object> received) throws SQLException;
    }

    /** What the server does with a statement before it runs: throw as it would, given the statement's parameters as received. */
    public interface ServerRule {
        void check(String sql, List<Object> received) throws SQLException;
    }

    /** A table of the catalog that {@code DatabaseMetaData} answers from. */
    public record CatalogTable(String schema, String name, List<CatalogColumn> columns, List<String> primaryKey) {
    }

    /**
     * A column as the catalog knows it: {@code sys.columns} and {@code DatabaseMetaData} alike. A
     * text column has a collation; {@code generatedAlways} is {@code sys.columns.generated_always_type}
     * (temporal period and ledger columns), {@code graph} a graph table's internal column.
     */
    public record CatalogColumn(String name, int jdbcType, String typeName, int precision, int scale, String collation,
                                boolean identity, boolean computed, int generatedAlways, boolean graph) {

        public static CatalogColumn of(String name, int jdbcType, String typeName) {
            return new CatalogColumn(name, jdbcType, typeName, 0, 0, null, false, false, 0, false);
        }

        public CatalogColumn precision(int precision, int scale) {
            return new CatalogColumn(name, jdbcType, typeName, precision, scale, collation, identity, computed, generatedAlways, graph);
        }

        public CatalogColumn collation(String collation) {
            return new CatalogColumn(name, jdbcType, typeName, precision, scale, collation, identity, computed, generatedAlways, graph);
        }

        public CatalogColumn asIdentity() {
            return new CatalogColumn(name, jdbcType, typeName, precision, scale, collation, true, computed, generatedAlways, graph);
        }

        public CatalogColumn asComputed() {
            return new CatalogColumn(name, jdbcType, typeName, precision, scale, collation, identity, true, generatedAlways, graph);
        }

        public CatalogColumn generatedAlways(int type) {
            return new CatalogColumn(name, jdbcType, typeName, precision, scale, collation, identity, computed, type, graph);
        }

        public CatalogColumn asGraph() {
            return new CatalogColumn(name, jdbcType, typeName, precision, scale, collation, identity, computed, generatedAlways, true);
        }
    }

    /** A parameter as the driver sends it: by which setter, and whether as a national (nvarchar) string. */
    private record Bound(Object value, boolean national) {
    }

    private final List<String> log = new ArrayList<>();
    private final List<String> statements = new ArrayList<>();
    private final List<String> roundings = new ArrayList<>();
    private final Answers answers;
    private final Map<String, Rows> rows = new LinkedHashMap<>();
    private final List<ServerRule> rules = new ArrayList<>();
    private final List<List<Object>> primaryKeys = new ArrayList<>();
    private final List<CatalogTable> tables = new ArrayList<>();
    private final Connection connection;
    private String database;

    public RecordingConnection(Answers answers) {
        this.answers = answers;
        this.connection = proxy(Connection.class, (p, method, args) -> switch (method.getName()) {
            case "prepareStatement" -> statement(PreparedStatement.class, (String) args[0]);
            case "createStatement" -> statement(Statement.class, null);
            case "getMetaData" -> metaData();
            case "getCatalog" -> database;
            case "setAutoCommit" -> record("autoCommit=" + args[0]);
            case "setTransactionIsolation" -> record("isolation=" + args[0]);
            case "setReadOnly" -> record("readOnly=" + args[0]);
            case "setSavepoint" -> {
                record("savepoint");
                yield proxy(Savepoint.class, (s, call, a) -> defaultValue(call.getReturnType()));
            }
            case "releaseSavepoint" -> throw new SQLFeatureNotSupportedException("releaseSavepoint is not supported.");
            case "rollback" -> record(args == null ? "rollback" : "rollback to savepoint");
            case "commit" -> record("commit");
            case "unwrap" -> throw new SQLException("a recording connection wraps no " + ((Class<?>) args[0]).getName());
            default -> defaultValue(method.getReturnType());
        });
    }

    /** The one row of every query whose SQL contains {@code sqlFragment}: values by column, 1 first, null read as SQL NULL. */
    public RecordingConnection answer(String sqlFragment, Object... row) {
        List<Object> values = Arrays.asList(row);
        rows.put(sqlFragment, received -> List.of(values));
        return this;
    }

    /** The rows of every query whose SQL contains {@code sqlFragment} (the first fragment given that matches decides). */
    public RecordingConnection answer(String sqlFragment, Rows answer) {
        rows.put(sqlFragment, answer);
        return this;
    }

    /** The database the connection is in, which {@code getCatalog} reports as mssql-jdbc does. */
    public RecordingConnection database(String name) {
        database = name;
        return this;
    }

    /** A rule the server applies to every statement before it runs it. */
    public RecordingConnection rule(ServerRule rule) {
        rules.add(rule);
        return this;
    }

    /** The primary key that the catalog ({@code DatabaseMetaData.getPrimaryKeys}) reports for a table. */
    public RecordingConnection primaryKey(String schema, String table, String... columns) {
        for (int i = 0; i < columns.length; i++) {
            primaryKeys.add(List.of(schema, table, i + 1, columns[i]));
        }
        return this;
    }

    /** A table that {@code DatabaseMetaData} reports: its columns and its primary key. */
    public RecordingConnection table(CatalogTable table) {
        tables.add(table);
        primaryKey(table.schema(), table.name(), table.primaryKey().toArray(String[]::new));
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

    /** Each decimal a multi-row VALUES list would round, as "value -> as stored (column type)". */
    public List<String> roundings() {
        return roundings;
    }

    /** A line of the log written by what stands for the server beside the statements (a bulk copy). */
    public void note(String line) {
        log.add(line);
    }

    /** A string as a varchar parameter reaches the server: in {@link #CODE_PAGE}, a character outside it replaced by {@code ?}. */
    public static String inCodePage(String text) {
        CharsetEncoder encoder = CODE_PAGE.newEncoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE).replaceWith(new byte[] {'?'});
        try {
            return CODE_PAGE.decode(encoder.encode(CharBuffer.wrap(text))).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Object record(String entry) {
        log.add(entry);
        return null;
    }

    private <T extends Statement> T statement(Class<T> type, String prepared) {
        Map<Integer, Bound> parameters = new TreeMap<>();
        int[] batched = {0};
        return proxy(type, (p, method, args) -> {
            String name = method.getName();
            if (name.startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer index) {
                parameters.put(index, bound(name, args));
                return null;
            }
            if (name.equals("addBatch") && prepared != null) {
                run(prepared, parameters.values());
                statements.add(prepared);
                log.add(prepared + "\n  -- batched parameters: " + render(parameters.values()));
                roundings(prepared, List.copyOf(parameters.values()));
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
                run(sql, parameters.values());
                statements.add(sql);
                log.add(sql + (parameters.isEmpty() ? "" : "\n  -- parameters: " + render(parameters.values())));
                roundings(sql, List.copyOf(parameters.values()));
                return name.equals("executeQuery") ? answer(sql, received(parameters.values())) : defaultValue(method.getReturnType());
            }
            return defaultValue(method.getReturnType());
        });
    }

    /** The server's rules for a statement: a refusal is logged and thrown. */
    private void run(String sql, Iterable<Bound> parameters) throws SQLException {
        for (ServerRule rule : rules) {
            try {
                rule.check(sql, received(parameters));
            } catch (SQLException e) {
                log.add(sql + "\n  -- fails: Msg " + e.getErrorCode() + ", " + e.getMessage());
                throw e;
            }
        }
    }

    private static Bound bound(String setter, Object[] args) {
        Object value = setter.equals("setNull") ? null : args[1];
        boolean national = setter.equals("setNString") || setter.equals("setNCharacterStream")
                || setter.equals("setObject") && args.length >= 3 && args[2] instanceof Integer type
                && (type == Types.NVARCHAR || type == Types.NCHAR || type == Types.LONGNVARCHAR);
        return new Bound(value, national);
    }

    /** The parameters as the server receives them: varchar strings in the code page. */
    private static List<Object> received(Iterable<Bound> parameters) {
        List<Object> received = new ArrayList<>();
        for (Bound bound : parameters) {
            received.add(bound.value() instanceof String text && !bound.national() ? inCodePage(text) : bound.value());
        }
        return received;
    }

    static String render(Iterable<Bound> values) {
        List<String> rendered = new ArrayList<>();
        for (Bound bound : values) {
            Object value = bound.value();
            rendered.add(value instanceof byte[] bytes ? "0x" + java.util.HexFormat.of().withUpperCase().formatHex(bytes)
                    : value instanceof String text ? (bound.national() ? "N'" + text.replace("'", "''") + "'"
                    : "'" + inCodePage(text).replace("'", "''") + "'") : String.valueOf(value));
        }
        return String.join(", ", rendered);
    }

    /**
     * The decimals a multi-row VALUES list rounds: each parameter is decimal(38, its scale), and a
     * column of bare parameters is typed as UNION ALL types them (docs: "Precision, scale, and
     * length"): 38 - max(38 - s) integer digits leave it the smallest scale of the column.
     */
    private void roundings(String sql, List<Bound> parameters) {
        for (int at = sql.indexOf("VALUES ("); at >= 0; at = sql.indexOf("VALUES (", at + 1)) {
            List<List<String>> valueRows = valueRows(sql, at + "VALUES ".length());
            if (valueRows.size() < 2) {
                continue;
            }
            int first = parametersBefore(sql, at);
            List<String> expressions = valueRows.get(0);
            int width = (int) expressions.stream().mapToLong(e -> e.chars().filter(c -> c == '?').count()).sum();
            for (int column = 0, offset = 0; column < expressions.size(); column++) {
                String expression = expressions.get(column).strip();
                int columnOffset = offset;
                offset += (int) expression.chars().filter(c -> c == '?').count();
                if (!expression.equals("?")) {
                    continue;
                }
                List<BigDecimal> decimals = new ArrayList<>();
                for (int row = 0; row < valueRows.size() && first + row * width + columnOffset < parameters.size(); row++) {
                    if (parameters.get(first + row * width + columnOffset).value() instanceof BigDecimal decimal) {
                        decimals.add(decimal);
                    }
                }
                int scale = decimals.stream().mapToInt(d -> Math.max(0, Math.min(d.scale(), MAX_DECIMAL_PRECISION))).min().orElse(0);
                for (BigDecimal decimal : decimals) {
                    BigDecimal stored = decimal.setScale(scale, java.math.RoundingMode.HALF_UP);
                    if (stored.compareTo(decimal) != 0) {
                        String rounding = decimal.toPlainString() + " -> " + stored.toPlainString() + " (VALUES column " + (column + 1)
                                + " is decimal(38," + scale + "))";
                        roundings.add(rounding);
                        log.add("  -- rounds " + rounding);
                    }
                }
            }
        }
    }

    /** The rows of a VALUES list starting at {@code from}: each row's expressions split at its top-level commas. */
    private static List<List<String>> valueRows(String sql, int from) {
        List<List<String>> valueRows = new ArrayList<>();
        int at = from;
        while (at < sql.length() && sql.charAt(at) == '(') {
            int depth = 0;
            int start = at + 1;
            List<String> expressions = new ArrayList<>();
            for (; at < sql.length(); at++) {
                char c = sql.charAt(at);
                if (c == '[') {
                    at = sql.indexOf(']', at);
                } else if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth == 0) {
                    expressions.add(sql.substring(start, at));
                    break;
                } else if (c == ',' && depth == 1) {
                    expressions.add(sql.substring(start, at));
                    start = at + 1;
                }
            }
            valueRows.add(expressions);
            at++;
            if (sql.startsWith(", (", at)) {
                at += 2;
            } else {
                break;
            }
        }
        return valueRows;
    }

    /** The parameter markers before {@code end}, outside bracketed names and string literals. */
    private static int parametersBefore(String sql, int end) {
        int count = 0;
        for (int i = 0; i < end; i++) {
            char c = sql.charAt(i);
            if (c == '[') {
                i = sql.indexOf(']', i);
            } else if (c == '\'') {
                i = sql.indexOf('\'', i + 1);
            } else if (c == '?') {
                count++;
            }
        }
        return count;
    }

    private ResultSet answer(String sql, List<Object> received) throws SQLException {
        for (Map.Entry<String, Rows> answer : rows.entrySet()) {
            if (sql.contains(answer.getKey())) {
                return rows(answer.getValue().of(received), List.of());
            }
        }
        return defaultRow();
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

    /** mssql-jdbc's metadata: names bound by setString, so they arrive in the code page; answers from {@link #table}. */
    private DatabaseMetaData metaData() {
        return proxy(DatabaseMetaData.class, (m, call, a) -> {
            switch (call.getName()) {
                case "getDatabaseProductName":
                    return "Microsoft SQL Server";
                case "getSearchStringEscape":
                    return "\\";
                case "getPrimaryKeys":
                    log.add("-- DatabaseMetaData.getPrimaryKeys (sp_pkeys), names as varchar: '" + inCodePage((String) a[1]) + "', '"
                            + inCodePage((String) a[2]) + "'");
                    return primaryKeyResult(inCodePage((String) a[1]), inCodePage((String) a[2]));
                case "getColumns":
                    log.add("-- DatabaseMetaData.getColumns (sp_columns_100), names as varchar: '" + inCodePage((String) a[1]) + "', '"
                            + inCodePage((String) a[2]) + "'");
                    return columnsResult(unescape(inCodePage((String) a[1])), unescape(inCodePage((String) a[2])));
                default:
                    return call.getName().startsWith("get") && call.getReturnType() == ResultSet.class
                            ? rows(List.of(), List.of()) : defaultValue(call.getReturnType());
            }
        });
    }

    private static String unescape(String pattern) {
        return pattern.replaceAll("\\\\(.)", "$1");
    }

    private ResultSet primaryKeyResult(String schema, String table) {
        return rows(primaryKeys.stream().filter(k -> k.get(0).equals(schema) && k.get(1).equals(table)).toList(),
                List.of("TABLE_SCHEM", "TABLE_NAME", "KEY_SEQ", "COLUMN_NAME"));
    }

    private ResultSet columnsResult(String schema, String table) {
        List<List<Object>> columns = new ArrayList<>();
        for (CatalogTable t : tables) {
            if (t.schema().equals(schema) && t.name().equals(table)) {
                for (int i = 0; i < t.columns().size(); i++) {
                    CatalogColumn c = t.columns().get(i);
                    columns.add(Arrays.asList(t.schema(), t.name(), c.name(), c.jdbcType(), c.typeName(), i + 1, c.precision(), c.scale()));
                }
            }
        }
        return rows(columns, List.of("TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "ORDINAL_POSITION",
                "COLUMN_SIZE", "DECIMAL_DIGITS"));
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
            if (!method.getName().startsWith("get") || args == null || args.length < 1
                    || !(args[0] instanceof Integer || args[0] instanceof String)) {
                return defaultValue(method.getReturnType());
            }
            int column = args[0] instanceof Integer index ? index : labels.indexOf(args[0]) + 1;
            last[0] = rows.get(at[0]).get(column - 1);
            return switch (method.getName()) {
                case "getLong" -> last[0] == null ? 0L : ((Number) last[0]).longValue();
                case "getInt" -> last[0] == null ? 0 : ((Number) last[0]).intValue();
                case "getBoolean" -> last[0] instanceof Boolean b ? b : last[0] instanceof Number n && n.intValue() != 0;
                case "getString", "getNString" -> last[0] == null ? null : last[0].toString();
                case "getBigDecimal" -> last[0] == null ? null : new BigDecimal(last[0].toString());
                default -> last[0];
            };
        });
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
