package dev.depot.auth.service;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

/** bcrypt, run on a worker thread: one hash costs tens of milliseconds of CPU. */
@ApplicationScoped
public class PasswordHasher {

    private static final int COST = 10;
    /** Compared against when the account does not exist, so both answers take as long. */
    private static final String DECOY = BcryptUtil.bcryptHash("depot-decoy-password", COST);

    private final Vertx vertx;

    public PasswordHasher(Vertx vertx) {
        this.vertx = vertx;
    }

    public Uni<String> hash(String password) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> BcryptUtil.bcryptHash(password, COST)));
    }

    /** False for a missing hash too, after the same work as a real comparison. */
    public Uni<Boolean> matches(String password, String hash) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            boolean ok = BcryptUtil.matches(password, hash == null ? DECOY : hash);
            return ok && hash != null;
        }));
    }
}
