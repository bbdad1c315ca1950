package dev.depot.processing.messaging.incoming;

import dev.depot.events.EventTypes;
import dev.depot.events.payload.FilePayload;
import dev.depot.events.payload.ProcessingPayload;
import dev.depot.events.routing.EventRoutes;
import dev.depot.events.routing.TypedEvent;
import dev.depot.processing.job.Jobs;
import dev.depot.processing.messaging.outgoing.ProcessingEvents;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
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
    /** The events that give a file content to process; a job can wait or fail, so it runs outside the routing. */
    private static final EventRoutes<TypedEvent<FilePayload>> CONTENT = new EventRoutes<TypedEvent<FilePayload>>()
            .on(
                    List.of(EventTypes.FILE_UPLOADED, EventTypes.FILE_REGISTERED, EventTypes.FILE_REPROCESS_REQUESTED),
                    FilePayload.class,
                    upload -> upload);

    private final Jobs jobs;
    private final ProcessingEvents events;

    public UploadListener(Jobs jobs, ProcessingEvents events) {
        this.jobs = jobs;
        this.events = events;
    }

    @Incoming("file-events")
    @Blocking(value = "derivations", ordered = false)
    public void onEvent(String json) throws Exception {
        Optional<TypedEvent<FilePayload>> content = CONTENT.handle(json);
        if (content.isPresent()) {
            process(content.get());
        }
    }

    private void process(TypedEvent<FilePayload> content) throws Exception {
        FilePayload file = content.data();
        events.publish(
                EventTypes.PROCESSING_STARTED,
                content.event(),
                ProcessingPayload.of(file.fileId(), file.ownerId(), file.sha256(), "processing", null));
        ProcessingPayload result;
        try {
            result = EventTypes.FILE_REGISTERED.equals(content.type()) ? jobs.runRegistered(file) : jobs.run(file);
        } catch (Jobs.GaveUp e) {
            events.publish(EventTypes.PROCESSING_FAILED, content.event(), e.failure);
            throw e;
        }
        if (!"completed".equals(result.status())) {
            LOG.infof("file %s %s: %s", file.fileId(), result.status(), result.reason());
        }
        events.publish(
                "failed".equals(result.status()) ? EventTypes.PROCESSING_FAILED : EventTypes.PROCESSING_COMPLETED,
                content.event(),
                result);
    }
}
