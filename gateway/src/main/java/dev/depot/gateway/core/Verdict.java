package dev.depot.gateway.core;

/**
 * What a stage of the gateway's pipeline decided about a request: it goes on, with what the stage
 * found out ({@link Pass}), or the gateway answers it itself ({@link Refused}).
 */
public sealed interface Verdict<T> {

    /** The request goes on to the next stage with {@code value}. */
    record Pass<T>(T value) implements Verdict<T> {}

    /** The request goes no further: the refusal is the answer. */
    record Refused<T>(Refusal refusal) implements Verdict<T> {}

    static <T> Verdict<T> pass(T value) {
        return new Pass<>(value);
    }

    static <T> Verdict<T> refused(Refusal refusal) {
        return new Refused<>(refusal);
    }
}
