package io.nasscore.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The TCP sockets in LISTEN state on this (Linux) host, read from /proc/net/tcp and /proc/net/tcp6. Public for the
 * system tests (nasscore-stack's test jar).
 */
public final class ListeningSockets {
    public record Listener(InetAddress address, int port) {}

    private ListeningSockets() {}

    /** Every listening socket on {@code port}, IPv4 and IPv6. */
    public static List<Listener> on(int port) throws IOException {
        List<Listener> out = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) continue;
            List<String> lines = Files.readAllLines(p); // one snapshot: the table changes between two reads
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (!"0A".equals(f[3])) continue; // 0A = LISTEN
                String[] local = f[1].split(":");
                if (Integer.parseInt(local[1], 16) != port) continue;
                out.add(new Listener(address(local[0]), port));
            }
        }
        return out;
    }

    /** The kernel prints each 32-bit word of the address in host (little-endian) order. */
    private static InetAddress address(String hex) throws IOException {
        byte[] raw = HexFormat.of().parseHex(hex);
        for (int w = 0; w < raw.length; w += 4) {
            for (int i = 0; i < 2; i++) {
                byte t = raw[w + i];
                raw[w + i] = raw[w + 3 - i];
                raw[w + 3 - i] = t;
            }
        }
        return InetAddress.getByAddress(raw);
    }
}
