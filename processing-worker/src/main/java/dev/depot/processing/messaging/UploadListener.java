package dev.depot.processing.messaging;

import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.EventTypes;
import dev.depot.events.payload.FilePayload;
import dev.depot.events.payload.ProcessingPayload;
import dev.depot.processing.job.Jobs;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Takes uploads, files registered by URL and owners' reprocess requests from depot.files. Jobs run on the bounded
 * "derivations" pool, as many at once as cores; the Kafka connector pauses fetching while its small
 * buffer is full, so nothing queues without bound. The offset is committed only once the result is
 * published: a worker killed mid-job leaves the job to be redone.
 */
@ApplicationScoped
public class UploadListener {

    private static final Logger LOG = Logger.getLogger(UploadListener.class);

    private final Jobs jobs;
    private final ProcessingEvents events;

    public UploadListener(Jobs jobs, ProcessingEvents events) {
        this.jobs = jobs;
        this.events = events;
    }

    @Incoming("file-events")
    @Blocking(value = "derivations", ordered = false)
    public void onEvent(String json) throws Exception {
        CloudEvent event = EventCodec.read(json);
        boolean registered = EventTypes.FILE_REGISTERED.equals(event.type());
        if (!registered && !EventTypes.FILE_UPLOADED.equals(event.type())
                && !EventTypes.FILE_REPROCESS_REQUESTED.equals(event.type())) {
            return;
        }
        FilePayload file = EventCodec.data(event, FilePayload.class);
        events.publish(EventTypes.PROCESSING_STARTED, event,
                ProcessingPayload.of(file.fileId(), file.ownerId(), file.sha256(), "processing", null));
        ProcessingPayload result;
        try {
            result = registered ? jobs.runRegistered(file) : jobs.run(file);
        } catch (Jobs.GaveUp e) {
            events.publish(EventTypes.PROCESSING_FAILED, event, e.failure);
            throw e;
        }
        if (!"completed".equals(result.status())) {
            LOG.infof("file %s %s: %s", file.fileId(), result.status(), result.reason());
        }
        events.publish("failed".equals(result.status()) ? EventTypes.PROCESSING_FAILED : EventTypes.PROCESSING_COMPLETED,
                event, result);
    }
}
