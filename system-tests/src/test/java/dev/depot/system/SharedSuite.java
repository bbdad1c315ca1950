package dev.depot.system;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link Suite} of every service for the test classes that need nothing of their own: no extra
 * environment, no service missing, and nothing that assumes a system only they have used (each works
 * as users of its own and asserts about their data only). Starting the services costs 30-60 s, so it
 * is paid once per test JVM instead of once per class. The outside hosts its services call (0x0.st,
 * webhook receivers) are a {@link StandInHost} on loopback, which webhooks may target.
 *
 * <p>A class opts in with {@code @ExtendWith(SharedSuite.class)} and takes the suite from {@link #suite()}
 * in its {@code @BeforeAll}. The first such class starts it. After each class the services' consistency
 * reports are asked for, as {@link Suite#close} does for a class's own suite, so an inconsistency fails
 * the class that left it. JUnit closes the suite when every class of the run is done: it is kept in the
 * engine's root store, which JUnit closes last, and a failure there (the last consistency check) fails
 * the run: failsafe reports it as a failure of "JUnit Jupiter".
 *
 * <p>A class that needs a system of its own keeps {@code new Suite()}: one that sets environment
 * variables, needs a service not to run, or asserts about everything in the data directory. Starting
 * one stops the shared suite first ({@link #stopBeforeAnotherSuite}); {@link SuitesInOrder} runs the shared
 * suite's classes before those, so that it starts once.
 */
final class SharedSuite implements BeforeAllCallback, AfterAllCallback {

    /** Every service: a class that uses fewer is not disturbed by the others running. */
    private static final String[] SERVICES = {
        "auth-service", "files-service", "sharing-service", "analytics-service", "processing-worker", "gateway"
    };

    private static Suite suite;
    /** Where the shared suite's services upload to 0x0.st and deliver webhooks; for the run. */
    private static StandInHost standIn;
    /** Why the suite did not start: every later class fails at once with it instead of trying again. */
    private static Exception failedToStart;

    /** The running shared suite; for classes annotated with {@code @ExtendWith(SharedSuite.class)}. */
    static synchronized Suite suite() {
        if (suite == null) {
            throw new IllegalStateException(
                    "the shared suite is not running: annotate the class with @ExtendWith(SharedSuite.class)");
        }
        return suite;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        synchronized (SharedSuite.class) {
            if (suite == null && failedToStart == null) {
                try {
                    // A suite that fails to start stops what it started itself.
                    if (standIn == null) {
                        standIn = new StandInHost();
                    }
                    Suite started = new Suite()
                            .shared()
                            .env("DEPOT_FILES_EXTERNAL_UPLOAD_URL", standIn.url("/upload"))
                            .env("DEPOT_FILES_EXTERNAL_UPLOAD_ATTEMPTS", "1")
                            // Webhooks may target loopback, where the stand-in listens.
                            .env("DEPOT_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true")
                            .start(SERVICES);
                    context.getRoot()
                            .getStore(ExtensionContext.Namespace.create(SharedSuite.class))
                            .put(SharedSuite.class, new Closing(started));
                    suite = started;
                } catch (Exception e) {
                    failedToStart = e;
                }
            }
            if (failedToStart != null) {
                throw new IllegalStateException("the shared suite did not start", failedToStart);
            }
        }
    }

    /** The stand-in for outside hosts the shared suite's services call (0x0.st, webhook receivers). */
    static synchronized StandInHost standIn() {
        suite();
        return standIn;
    }

    /**
     * Stops the shared suite, if it runs, before a class starts a suite of its own: two suites at once would
     * share the test broker's consumer groups (analytics-service's, files-service's, ...), and each would
     * get only some of its own events. The next class that shares starts it again. Its data is checked as
     * at the end.
     */
    static synchronized void stopBeforeAnotherSuite() throws Exception {
        if (suite != null) {
            Suite running = suite;
            suite = null;
            running.close();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Suite running;
        synchronized (SharedSuite.class) {
            running = suite;
        }
        if (running == null) {
            return;
        }
        String report = running.consistencyReport();
        System.out.print(report);
        if (report.contains("INCONSISTENT")) {
            throw new AssertionError(
                    "the shared suite's data is inconsistent after " + context.getDisplayName() + ":\n" + report);
        }
    }

    /**
     * Stops the suite when JUnit closes its root store, after the last class. {@link Suite#close} checks the
     * data once more; an AssertionError from it fails the engine, and with it the run.
     */
    private record Closing(Suite suite) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            synchronized (SharedSuite.class) {
                if (standIn != null) {
                    standIn.close();
                    standIn = null;
                }
                if (SharedSuite.suite != suite) {
                    return; // stopped already, before another class's suite
                }
                SharedSuite.suite = null;
            }
            suite.close();
        }
    }
}
