package dev.depot.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.messaging.OutboxRelay.Pending;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A relay pass over one batch: what is sent, in which order, and when the rows may go. */
class OutboxRelayTest {

    private final List<String> sent = new ArrayList<>();
    private final List<List<Long>> deleted = new ArrayList<>();

    private static Pending row(long seq) {
        return new Pending(seq, "depot.files", "key-" + seq, "{\"seq\":" + seq + "}");
    }

    private Uni<Void> ack(Pending p) {
        sent.add(p.payload());
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> delete(List<Long> seqs) {
        deleted.add(seqs);
        return Uni.createFrom().voidItem();
    }

    @Test
    void anEmptyOutboxPublishesAndDeletesNothing() {
        int published = OutboxRelay.publishInOrder(List.of(), this::ack, this::delete)
                .await()
                .indefinitely();
        assertThat(published).isZero();
        assertThat(sent).isEmpty();
        assertThat(deleted).isEmpty();
    }

    @Test
    void aBatchIsSentOldestFirstAndDeletedOnceEveryEventIsAcknowledged() {
        int published = OutboxRelay.publishInOrder(List.of(row(3), row(4), row(9)), this::ack, this::delete)
                .await()
                .indefinitely();
        assertThat(published).isEqualTo(3);
        assertThat(sent).containsExactly("{\"seq\":3}", "{\"seq\":4}", "{\"seq\":9}");
        assertThat(deleted).containsExactly(List.of(3L, 4L, 9L));
    }

    @Test
    void aSendThatFailsKeepsTheWholeBatchQueued() {
        Uni<Integer> pass = OutboxRelay.publishInOrder(
                List.of(row(1), row(2), row(3)),
                p -> p.seq() == 2 ? Uni.createFrom().failure(new IllegalStateException("broker away")) : ack(p),
                this::delete);
        assertThatThrownBy(() -> pass.await().indefinitely()).hasMessageContaining("broker away");
        assertThat(deleted).isEmpty();
    }
}
