package example.usage;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The one ledger the consumer writes and the HTTP resource reads. */
public class LedgerProducer {

    @Produces
    @Singleton
    UsageLedger ledger(@ConfigProperty(name = "usage.versions-kept") int versionsKept) {
        return new UsageLedger(versionsKept);
    }
}
