package dev.depot.analytics;

import dev.depot.testing.DepotTestResources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Every test here runs against a fresh depot_analytics database and the real broker. */
@QuarkusTestResource(
        value = DepotTestResources.class,
        initArgs = @ResourceArg(name = "database", value = "depot_analytics"))
public class AnalyticsTestResources {}
