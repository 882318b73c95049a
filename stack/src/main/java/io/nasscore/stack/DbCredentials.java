package io.nasscore.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The passwords of the embedded PostgreSQL's logins: {@code <data-dir>/credentials.properties}, one
 * {@code <login>.password} line per login, readable by its owner only (0600). Generated at the first start of the
 * stack; every command that uses the data directory reads it.
 */
public final class DbCredentials {
    public static final String FILE_NAME = "credentials.properties";

    private final Map<String, String> passwords;

    private DbCredentials(Map<String, String> passwords) {
        this.passwords = Map.copyOf(passwords);
    }

    public static Path file(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    /** The file of this data directory, if there is one. */
    public static Optional<DbCredentials> read(Path dataDir) {
        return OwnerOnlyFile.read(file(dataDir)).map(p -> {
            Map<String, String> m = new TreeMap<>();
            for (String k : p.stringPropertyNames()) {
                if (k.endsWith(".password")) m.put(k.substring(0, k.length() - ".password".length()), p.getProperty(k));
            }
            return new DbCredentials(m);
        });
    }

    /**
     * The file of this data directory with a password for each of {@code logins}: the ones it holds are kept, the
     * missing ones are generated and the file rewritten (0600).
     */
    static DbCredentials ensure(Path dataDir, Collection<String> logins) throws IOException {
        Map<String, String> m = new TreeMap<>(read(dataDir).map(c -> c.passwords).orElse(Map.of()));
        boolean changed = !Files.exists(file(dataDir));
        for (String login : logins) {
            if (!m.containsKey(login)) {
                m.put(login, newPassword());
                changed = true;
            }
        }
        if (changed) write(dataDir, m);
        return new DbCredentials(m);
    }

    /** The password of a login, if this file holds one. */
    public Optional<String> password(String login) {
        return Optional.ofNullable(passwords.get(login));
    }

    private static String newPassword() {
        return OwnerOnlyFile.newPassword();
    }

    private static void write(Path dataDir, Map<String, String> m) throws IOException {
        Properties p = new Properties();
        m.forEach((login, pw) -> p.setProperty(login + ".password", pw));
        OwnerOnlyFile.write(file(dataDir), p, "passwords of the embedded PostgreSQL's logins (nasscore); keep this file private");
    }
}
