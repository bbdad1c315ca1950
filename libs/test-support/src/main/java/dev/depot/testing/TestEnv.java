package dev.depot.testing;

/** Where the real infrastructure is, as ./depot test exports it (defaults match ./depot up). */
public final class TestEnv {

    private TestEnv() {}

    public static String dbHost() {
        return env("DEPOT_DB_HOST", "127.0.0.1");
    }

    public static String dbPort() {
        return env("DEPOT_DB_PORT", "5432");
    }

    public static String dbUser() {
        return env("DEPOT_DB_USER", "postgres");
    }

    public static String dbPassword() {
        return env("DEPOT_DB_PASSWORD", "");
    }

    public static String kafkaBootstrapServers() {
        return env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
