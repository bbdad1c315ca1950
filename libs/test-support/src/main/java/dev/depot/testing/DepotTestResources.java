package dev.depot.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Points a service under test at the real infrastructure: a fresh database on the real
 * PostgreSQL (init arg {@code database}, the service's database name; omit it for services
 * without one), the real Kafka broker, and the test signing key in place of auth-service's JWKS.
 */
public class DepotTestResources implements QuarkusTestResourceLifecycleManager {

    private TestDatabase database;
    private String databasePrefix;
    private boolean trustTestKey;

    @Override
    public void init(Map<String, String> initArgs) {
        databasePrefix = initArgs.get("database");
        // auth-service verifies the tokens it issues itself; every other service trusts the test key.
        trustTestKey = !"false".equals(initArgs.get("trust-test-key"));
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        if (databasePrefix != null) {
            database = TestDatabase.create(databasePrefix);
            config.put("quarkus.datasource.reactive.url", database.reactiveUrl());
            config.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
            config.put("quarkus.datasource.username", TestEnv.dbUser());
            config.put("quarkus.datasource.password", TestEnv.dbPassword());
        }
        config.put("kafka.bootstrap.servers", TestEnv.kafkaBootstrapServers());
        if (trustTestKey) {
            config.put("mp.jwt.verify.publickey", TestKeys.publicKeyPem());
            config.put("mp.jwt.verify.issuer", TestTokens.ISSUER);
        }
        return config;
    }

    @Override
    public void stop() {
        if (database != null) {
            database.close();
        }
    }
}
