package dev.depot.sharing.client;

import dev.depot.filesapi.FilesInternalApi;
import dev.depot.sharing.config.SharingConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.ConnectException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;

/**
 * files-service's replicas ({@code depot.sharing.files-url}, comma-separated), one REST Client each. Calls
 * go round the replicas in turn; a call whose connection was refused never reached files-service, so it
 * moves on to the next replica whatever it was for, until each has been tried once. Any other failure is
 * the caller's to judge ({@link GuardedFilesApi}): once a request may have arrived, only the caller knows
 * whether repeating it is safe.
 */
@ApplicationScoped
public class FilesReplicas {

    /** A replica that does not accept the connection in this time counts as unreachable. */
    private static final long CONNECT_TIMEOUT_MS = 2_000;
    /** A call not answered in this time fails as files-service unavailable. */
    private static final long READ_TIMEOUT_MS = 10_000;

    private static final int POOL_SIZE_PER_REPLICA = 32;

    private final List<FilesInternalApi> replicas;
    private final AtomicInteger next = new AtomicInteger();

    public FilesReplicas(SharingConfig config) {
        this.replicas = config.filesUrl().stream().map(FilesReplicas::client).toList();
    }

    private static FilesInternalApi client(URI baseUri) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(baseUri)
                .connectTimeout(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .readTimeout(READ_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .property(QuarkusRestClientProperties.CONNECTION_POOL_SIZE, POOL_SIZE_PER_REPLICA)
                .build(FilesInternalApi.class);
    }

    public <T> Uni<T> call(Function<FilesInternalApi, Uni<T>> call) {
        int first = Math.floorMod(next.getAndIncrement(), replicas.size());
        return attempt(call, first, replicas.size());
    }

    private <T> Uni<T> attempt(Function<FilesInternalApi, Uni<T>> call, int index, int left) {
        return Uni.createFrom()
                .deferred(() -> call.apply(replicas.get(index)))
                .onFailure(e -> left > 1 && refused(e))
                .recoverWithUni(e -> attempt(call, (index + 1) % replicas.size(), left - 1));
    }

    /** The connection was refused: the request was never sent. */
    static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }
}
