package dev.depot.system;

import java.util.Arrays;
import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the classes of the {@link SharedSuite} together, then those with a suite of their own, then
 * {@link ContainersIT}. A class with a suite of its own stops the shared one, so in any other order the
 * shared suite (30-60 s to start) would be started again after each of them; and the containers start
 * best on a machine no suite of processes is running on. Set in junit-platform.properties.
 */
public final class SuitesInOrder implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors()
                .sort(Comparator.comparingInt(SuitesInOrder::rank)
                        .thenComparing(descriptor -> descriptor.getTestClass().getName()));
    }

    private static int rank(ClassDescriptor descriptor) {
        if (uses(descriptor, SharedSuite.class)) {
            return 0;
        }
        return uses(descriptor, ContainersIT.NeedsEngine.class) ? 2 : 1;
    }

    private static boolean uses(ClassDescriptor descriptor, Class<?> extension) {
        return descriptor.findRepeatableAnnotations(ExtendWith.class).stream()
                .flatMap(extendWith -> Arrays.stream(extendWith.value()))
                .anyMatch(extension::equals);
    }
}
