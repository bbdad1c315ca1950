package dev.depot.common.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the service's database, answered within {@code depot.health.timeout} whatever the
 * database does: a server that accepts connections and never answers is DOWN with the reason, not a
 * probe that hangs. Replaces Quarkus' own datasource checks, which wait up to 10 s (see
 * quarkus.datasource.health.enabled in each service).
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements AsyncHealthCheck {

    private final Pool pool;
    private final Duration timeout;

    public DatabaseReadiness(
            Pool pool, @ConfigProperty(name = "depot.health.timeout", defaultValue = "PT1S") Duration timeout) {
        this.pool = pool;
        this.timeout = timeout;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return pool.query("SELECT 1")
                .execute()
                .ifNoItem()
                .after(timeout)
                .failWith(() -> new TimeoutException("no answer within " + timeout.toMillis() + " ms"))
                .map(rows -> HealthCheckResponse.named("database").up().build())
                .onFailure()
                .recoverWithItem(e -> HealthCheckResponse.named("database")
                        .down()
                        .withData("reason", reason(e))
                        .build());
    }

    static String reason(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
