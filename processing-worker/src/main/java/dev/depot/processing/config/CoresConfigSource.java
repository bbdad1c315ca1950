package dev.depot.processing.config;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Sizes the decoding pool to the machine: as many concurrent jobs as cores, or DEPOT_PROCESSING_WORKERS.
 * (Properties cannot compute a default from the machine, hence a config source.)
 */
public class CoresConfigSource implements ConfigSource {

    static final String KEY = "smallrye.messaging.worker.derivations.max-concurrency";

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(KEY);
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(KEY, workers());
    }

    @Override
    public String getValue(String name) {
        return KEY.equals(name) ? workers() : null;
    }

    private static String workers() {
        String set = System.getenv("DEPOT_PROCESSING_WORKERS");
        return set != null && set.matches("[1-9][0-9]*")
                ? set
                : String.valueOf(Runtime.getRuntime().availableProcessors());
    }

    @Override
    public String getName() {
        return "depot-cores";
    }

    @Override
    public int getOrdinal() {
        return 50;
    }
}
