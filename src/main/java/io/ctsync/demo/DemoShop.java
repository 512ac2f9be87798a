package io.ctsync.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The demo: a small shop as the source (one table with a composite key), the same tables empty
 * in a warehouse as the target, and a generator of changes.
 */
public final class DemoShop {

    private static final Logger LOG = LoggerFactory.getLogger(DemoShop.class);

    private final DataSource dataSource;

    public DemoShop(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Creates the shop's tables in a database unless they exist. */
    static void createTables(DataSource database) throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS public.customer (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL,"
                    + " email VARCHAR(200), balance NUMERIC(12, 2), active BOOLEAN, created_at TIMESTAMP WITH TIME ZONE)");
            statement.execute("CREATE TABLE IF NOT EXISTS public.product (sku VARCHAR(20) PRIMARY KEY, name VARCHAR(100),"
                    + " price NUMERIC(10, 2), photo VARBINARY(64), tracking_id UUID)");
            statement.execute("CREATE TABLE IF NOT EXISTS public.order_line (order_id INT, line_no INT, sku VARCHAR(20),"
                    + " quantity INT, PRIMARY KEY (order_id, line_no))");
        }
    }

    /** Creates the shop, filled, and the empty warehouse, unless they exist. */
    public void create(DataSource warehouse) throws SQLException {
        createTables(warehouse);
        createTables(dataSource);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM public.customer")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return;
                }
            }
            statement.execute("INSERT INTO public.customer SELECT n, 'Customer ' || n, 'c' || n || '@example.com',"
                    + " n * 10.25, MOD(n, 3) <> 0, TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00' + n * INTERVAL '1' HOUR"
                    + " FROM " + range(1, 20));
            statement.execute("INSERT INTO public.product SELECT 'SKU-' || n, 'Product ' || n, n * 1.5, CAST(X'CAFE' AS VARBINARY),"
                    + " RANDOM_UUID() FROM " + range(1, 10));
            statement.execute("INSERT INTO public.order_line SELECT 1 + n / 3, MOD(n, 3) + 1, 'SKU-' || (1 + MOD(n, 10)), n"
                    + " FROM " + range(0, 29));
        }
    }

    private static String range(int from, int to) {
        return "(SELECT \"X\" AS n FROM SYSTEM_RANGE(" + from + ", " + to + ")) numbers";
    }

    /** A few inserts, updates and deletes, as a shop would make them. */
    public void makeChanges() throws SQLException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            long nextOrder;
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT COALESCE(MAX(order_id), 0) + 1 FROM public.order_line")) {
                rs.next();
                nextOrder = rs.getLong(1);
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO public.order_line VALUES (?, ?, ?, ?)")) {
                for (int line = 1; line <= 1 + random.nextInt(3); line++) {
                    insert.setLong(1, nextOrder);
                    insert.setInt(2, line);
                    insert.setString(3, "SKU-" + (1 + random.nextInt(10)));
                    insert.setInt(4, 1 + random.nextInt(5));
                    insert.executeUpdate();
                }
            }
            try (PreparedStatement update = connection.prepareStatement("UPDATE public.customer SET balance = balance + ? WHERE id = ?")) {
                update.setBigDecimal(1, java.math.BigDecimal.valueOf(random.nextInt(1000), 2));
                update.setInt(2, 1 + random.nextInt(20));
                update.executeUpdate();
            }
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM public.order_line WHERE order_id = (SELECT MIN(order_id) FROM public.order_line)")) {
                if (random.nextInt(3) == 0) {
                    delete.executeUpdate();
                }
            }
            connection.commit();
        }
        LOG.debug("demo: changes made");
    }
}
