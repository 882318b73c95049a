package io.nasscore.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * What a running embedded stack tells the other commands: the file {@code <data-dir>/stack.properties}, written
 * once the stack is up and removed when it stops. A file left behind by a killed process is recognised as stale
 * (its process is gone, or nothing listens on its ports) and ignored.
 *
 * @param pid              the process that runs the stack
 * @param bootstrapServers Kafka bootstrap servers, or null when the stack runs no broker
 * @param jdbcUrl          JDBC URL of the {@code nasscore} database, or null when the stack runs no PostgreSQL
 * @param dbUser           the database user the stack created
 * @param started          when the stack finished starting
 */
public record StackState(long pid, String bootstrapServers, String jdbcUrl, String dbUser, Instant started) {

    /** The file name under the data directory. */
    public static final String FILE_NAME = "stack.properties";

    public static Path file(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    public boolean hasKafka() {
        return bootstrapServers != null && !bootstrapServers.isBlank();
    }

    public boolean hasPostgres() {
        return jdbcUrl != null && !jdbcUrl.isBlank();
    }

    /** The state of a live stack on this data directory, if there is one; a stale file is ignored. */
    public static Optional<StackState> find(Path dataDir) {
        Optional<StackState> s = read(dataDir);
        return s.filter(StackState::isLive);
    }

    /** The state file as written, live or not; empty when there is no (readable) file. */
    public static Optional<StackState> read(Path dataDir) {
        Path f = file(dataDir);
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(p.getProperty("pid", "").trim());
            String started = p.getProperty("started");
            return Optional.of(new StackState(pid, blankToNull(p.getProperty("bootstrap.servers")),
                    blankToNull(p.getProperty("jdbc.url")), blankToNull(p.getProperty("db.user")),
                    started == null ? null : Instant.parse(started.trim())));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** True when the process that wrote the file is alive and its servers accept connections. */
    public boolean isLive() {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) return false;
        if (hasKafka() && !reachable(bootstrapServers.split(",")[0].trim())) return false;
        return !hasPostgres() || reachable(hostPortOfJdbcUrl(jdbcUrl));
    }

    /** Writes the file atomically (a temp file moved into place). */
    void write(Path dataDir) throws IOException {
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(pid));
        if (hasKafka()) p.setProperty("bootstrap.servers", bootstrapServers);
        if (hasPostgres()) p.setProperty("jdbc.url", jdbcUrl);
        if (dbUser != null) p.setProperty("db.user", dbUser);
        if (started != null) p.setProperty("started", started.toString());
        Files.createDirectories(dataDir);
        Path tmp = Files.createTempFile(dataDir, FILE_NAME, ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "nasscore embedded stack, running in process " + pid + "; removed when it stops");
        }
        Files.move(tmp, file(dataDir), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes the file if it is still the one this process wrote. */
    static void remove(Path dataDir, long pid) {
        Optional<StackState> s = read(dataDir);
        if (s.isEmpty() || s.get().pid() == pid) {
            try {
                Files.deleteIfExists(file(dataDir));
            } catch (IOException ignored) {
                // nothing more to do: a stale file is recognised as such
            }
        }
    }

    static String hostPortOfJdbcUrl(String jdbcUrl) {
        // jdbc:postgresql://host:port/db?params
        String rest = jdbcUrl.startsWith("jdbc:") ? jdbcUrl.substring(5) : jdbcUrl;
        URI u = URI.create(rest);
        int port = u.getPort() < 0 ? 5432 : u.getPort();
        return (u.getHost() == null ? "localhost" : u.getHost()) + ":" + port;
    }

    static boolean reachable(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) return false;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))), 500);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
