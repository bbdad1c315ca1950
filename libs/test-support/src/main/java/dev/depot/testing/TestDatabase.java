package dev.depot.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A database created for one test run on the real PostgreSQL, dropped when the run ends. */
public final class TestDatabase implements AutoCloseable {

    private final String name;

    private TestDatabase(String name) {
        this.name = name;
    }

    /** Creates {@code <prefix>_t<random>}, so runs never see each other's data. */
    public static TestDatabase create(String prefix) {
        String name =
                prefix + "_t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + name);
        return new TestDatabase(name);
    }

    /** Creates exactly this database (dropped again by {@link #close}). */
    public static TestDatabase named(String name) {
        if (!name.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        admin("CREATE DATABASE " + name);
        return new TestDatabase(name);
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + TestEnv.dbHost() + ":" + TestEnv.dbPort() + "/" + name;
    }

    public String reactiveUrl() {
        return "postgresql://" + TestEnv.dbHost() + ":" + TestEnv.dbPort() + "/" + name;
    }

    @Override
    public void close() {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void admin(String sql) {
        String url = "jdbc:postgresql://" + TestEnv.dbHost() + ":" + TestEnv.dbPort() + "/postgres";
        try (Connection c = DriverManager.getConnection(url, TestEnv.dbUser(), TestEnv.dbPassword());
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL at " + url + " refused '" + sql + "' (is it running? ./depot test starts it): "
                            + e.getMessage(),
                    e);
        }
    }
}
