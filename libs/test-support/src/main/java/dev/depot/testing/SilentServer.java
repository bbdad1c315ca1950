package dev.depot.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local port that accepts connections and never answers: a broker or database that hangs, the
 * worst case for anything waiting on it. Connections are held open until {@link #close}.
 */
public final class SilentServer implements AutoCloseable {

    private final ServerSocket socket;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    private SilentServer(ServerSocket socket) {
        this.socket = socket;
        Thread accepter = new Thread(
                () -> {
                    while (!socket.isClosed()) {
                        try {
                            held.add(socket.accept());
                        } catch (IOException closed) {
                            return;
                        }
                    }
                },
                "silent-server-" + socket.getLocalPort());
        accepter.setDaemon(true);
        accepter.start();
    }

    public static SilentServer start() {
        try {
            return new SilentServer(new ServerSocket(0, 100, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** host:port, as a bootstrap server or a database address. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    @Override
    public void close() {
        try {
            socket.close();
            for (Socket s : held) {
                s.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
