package dev.depot.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers a test starts later. A port the kernel hands out for {@code new ServerSocket(0)}
 * comes from the ephemeral range, the same range every outgoing connection (Kafka, PostgreSQL, HTTP
 * clients) takes its local port from: by the time a service binds it seconds later, a client socket
 * may hold it and the service dies with "address already in use". These come from below that range,
 * where only listening sockets live, and never twice in one JVM.
 */
public final class FreePorts {

    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();
    private static final int LOWEST = 20000;

    private FreePorts() {}

    /** A port no one listens on now, outside the kernel's range for outgoing connections. */
    public static int pick() {
        int highest = ephemeralLow() - 1;
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, highest + 1);
            if (GIVEN.add(port) && bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port between " + LOWEST + " and " + highest);
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket(port)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /** The first port of net.ipv4.ip_local_port_range (32768 by default on Linux). */
    private static int ephemeralLow() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .trim();
            int low = Integer.parseInt(range.split("\\s+")[0]);
            return low > LOWEST + 1000 ? low : 32768;
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }
}
