package io.nasscore.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Free ports on an address, for listeners whose port the configuration must name before the server starts (a KRaft
 * voter's controller port is part of every node's {@code controller.quorum.voters}). Another process may take
 * such a port before the server binds it: callers retry with new ports when the bind fails
 * ({@link #isBindFailure}).
 */
final class FreePorts {
    private FreePorts() {}

    /** {@code n} distinct ports that were free on {@code host} a moment ago. */
    static List<Integer> pick(String host, int n) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket();
                held.add(s);
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
                ports.add(s.getLocalPort());
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + host, e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // the port is released when the socket goes anyway
                }
            }
        }
    }

    /** True when {@code e} (or a cause) says an address was already in use. */
    static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.BindException) return true;
            String m = t.getMessage();
            if (m != null && m.contains("Address already in use")) return true;
        }
        return false;
    }
}
