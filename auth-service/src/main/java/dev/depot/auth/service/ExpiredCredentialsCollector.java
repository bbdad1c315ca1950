package dev.depot.auth.service;

import dev.depot.auth.repository.AuthCodeRepository;
import dev.depot.auth.repository.RefreshTokenRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;

/**
 * Deletes auth codes and refresh tokens that can no longer be used, so the tables do not grow forever.
 *
 * Runs on every replica, unguarded: two bulk deletes by row condition (expiry), nothing published, so
 * a second replica running at once waits for the first one's row locks and finds nothing left.
 */
@ApplicationScoped
public class ExpiredCredentialsCollector {

    private final AuthCodeRepository codes;
    private final RefreshTokenRepository refreshTokens;
    private final Clock clock;

    public ExpiredCredentialsCollector(AuthCodeRepository codes, RefreshTokenRepository refreshTokens, Clock clock) {
        this.codes = codes;
        this.refreshTokens = refreshTokens;
        this.clock = clock;
    }

    @Scheduled(every = "${depot.auth.collect-expired-every:1h}", delayed = "1m")
    @WithTransaction
    Uni<Void> collect() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        // Expired refresh tokens are kept a day, so reuse of one still revokes its family in that time.
        return codes.deleteExpired(now)
                .chain(() -> refreshTokens.delete("expiresAt < ?1", now.minusDays(1)))
                .replaceWithVoid();
    }
}
