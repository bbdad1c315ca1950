package dev.depot.processing.derive;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The time bound of one job. When it fires, the decoder is asked to stop (ImageReader.abort) and the
 * job's thread is interrupted; the job then fails as timed out instead of holding a pool thread.
 */
public final class Watchdog {

    private final AtomicBoolean fired = new AtomicBoolean();
    private volatile Runnable onFire = () -> {};
    private final Thread worker = Thread.currentThread();

    /** What to stop when time is up (replaces any earlier hook). */
    public void onFire(Runnable hook) {
        this.onFire = hook;
        if (fired.get()) {
            hook.run();
        }
    }

    public void fire() {
        if (fired.compareAndSet(false, true)) {
            onFire.run();
            worker.interrupt();
        }
    }

    public boolean fired() {
        return fired.get();
    }

    /** Throws when time is up; called between the stages of a job. */
    public void check() throws Refused {
        if (fired.get()) {
            throw new Refused("took longer than the job time limit");
        }
    }
}
