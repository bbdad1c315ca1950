package example.usage;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Feeds every record of depot.files to the ledger, in partition order. */
@ApplicationScoped
public class FileEventsConsumer {

    private static final Logger LOG = Logger.getLogger(FileEventsConsumer.class);

    private final UsageLedger ledger;

    public FileEventsConsumer(UsageLedger ledger) {
        this.ledger = ledger;
    }

    @Incoming("depot-files")
    public void onRecord(String value) {
        // A record that cannot be read is skipped, not retried: it would be just as unreadable the next time,
        // and stopping on it would freeze every figure behind it.
        if (ledger.apply(value) == UsageLedger.Outcome.MALFORMED) {
            LOG.warnf("skipped a record of depot.files that is not a file event this consumer can read: %.200s", value);
        }
    }
}
