package dev.depot.auth.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.depot.auth.config.AuthConfig;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

    @TempDir
    Path dir;

    @Test
    void theKeyIsGeneratedOnceKeptPrivateAndReusedAcrossRestarts() throws Exception {
        SigningKeys first = new SigningKeys(config(dir));
        SigningKeys second = new SigningKeys(config(dir));
        assertThat(second.keyId()).isEqualTo(first.keyId());
        assertThat(Files.getPosixFilePermissions(dir.resolve("signing-key.pem")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(dir.resolve("jwks.json"))).isEqualTo(first.jwks());
        assertThat(first.jwks()).doesNotContain("\"d\"");
    }

    @Test
    void afterRotationTheJwksStillListsThePreviousKey() throws Exception {
        SigningKeys before = new SigningKeys(config(dir));
        Files.move(dir.resolve("signing-key.pem"), dir.resolve("previous-key.pem"));
        SigningKeys after = new SigningKeys(config(dir));

        assertThat(after.keyId()).isNotEqualTo(before.keyId());
        JsonNode keys = new ObjectMapper().readTree(after.jwks()).get("keys");
        assertThat(keys).hasSize(2);
        assertThat(keys.findValuesAsText("kid")).containsExactly(after.keyId(), before.keyId());
    }

    @Test
    void replicasStartingTogetherOnAnEmptyDirectoryAllSignWithOneKey() throws Exception {
        int replicas = 8;
        CyclicBarrier together = new CyclicBarrier(replicas);
        ExecutorService pool = Executors.newFixedThreadPool(replicas);
        try {
            List<Future<SigningKeys>> started = new ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                started.add(pool.submit(() -> {
                    together.await();
                    return new SigningKeys(config(dir));
                }));
            }
            Set<String> keyIds = new HashSet<>();
            for (Future<SigningKeys> f : started) {
                keyIds.add(f.get().keyId());
            }
            assertThat(keyIds).hasSize(1);
            // The key on disk is that one, the JWKS file publishes it, and no temporary file is left.
            assertThat(new SigningKeys(config(dir)).keyId())
                    .isEqualTo(keyIds.iterator().next());
            assertThat(new ObjectMapper()
                            .readTree(Files.readString(dir.resolve("jwks.json")))
                            .get("keys")
                            .findValuesAsText("kid"))
                    .containsExactlyElementsOf(keyIds);
            try (var files = Files.list(dir)) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .containsExactlyInAnyOrder("signing-key.pem", "jwks.json");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static AuthConfig config(Path dir) {
        return (AuthConfig) Proxy.newProxyInstance(
                AuthConfig.class.getClassLoader(),
                new Class<?>[] {AuthConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "keysDir" -> dir.toString();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
