package dev.depot.sharing;

import dev.depot.testing.DepotTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Every test here runs against a fresh depot_sharing database and the real broker. */
@QuarkusTestResource(
        value = DepotTestResources.class,
        initArgs = @ResourceArg(name = "database", value = "depot_sharing"))
public class SharingTestResources {}
