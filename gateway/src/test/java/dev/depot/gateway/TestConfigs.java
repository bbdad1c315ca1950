package dev.depot.gateway;

import dev.depot.gateway.config.GatewayConfig;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;

/** The gateway's configuration from a few properties, for tests of one part without the application. */
public final class TestConfigs {

    private TestConfigs() {}

    public static GatewayConfig gateway(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(GatewayConfig.class)
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(GatewayConfig.class);
    }
}
