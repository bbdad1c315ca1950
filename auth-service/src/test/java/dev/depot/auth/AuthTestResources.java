package dev.depot.auth;

import dev.depot.testing.DepotTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Every test here runs against a fresh depot_auth database and the real broker. */
@QuarkusTestResource(
        value = DepotTestResources.class,
        initArgs = {
            @ResourceArg(name = "database", value = "depot_auth"),
            @ResourceArg(name = "trust-test-key", value = "false")
        })
public class AuthTestResources {}
