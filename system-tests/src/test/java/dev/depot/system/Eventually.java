package dev.depot.system;

import java.time.Duration;

/** Retries an assertion about what arrives later (by event, by a scheduled job) until it holds or time runs out. */
final class Eventually {

    private Eventually() {}

    /** Up to 20 s, every 200 ms; the last failure is what the test reports. */
    static void eventually(Runnable assertion) {
        within(Duration.ofSeconds(20), assertion);
    }

    static void within(Duration limit, Runnable assertion) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
