package dev.depot.auth.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.depot.auth.config.AuthConfig;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
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
