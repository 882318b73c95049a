package io.nasscore.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The passwords of the embedded PostgreSQL's logins: {@code <data-dir>/credentials.properties}, one
 * {@code <login>.password} line per login, readable by its owner only (0600). Generated at the first start of the
 * stack; every command that uses the data directory reads it.
 */
public final class DbCredentials {
    public static final String FILE_NAME = "credentials.properties";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> passwords;

    private DbCredentials(Map<String, String> passwords) {
        this.passwords = Map.copyOf(passwords);
    }

    public static Path file(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    /** The file of this data directory, if there is one. */
    public static Optional<DbCredentials> read(Path dataDir) {
        Path f = file(dataDir);
        if (!Files.isReadable(f)) return Optional.empty();
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        Map<String, String> m = new TreeMap<>();
        for (String k : p.stringPropertyNames()) {
            if (k.endsWith(".password")) m.put(k.substring(0, k.length() - ".password".length()), p.getProperty(k));
        }
        return Optional.of(new DbCredentials(m));
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
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static void write(Path dataDir, Map<String, String> m) throws IOException {
        Files.createDirectories(dataDir);
        Path tmp = dataDir.resolve(FILE_NAME + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp); // not a POSIX file system: the directory's own protection applies
        } catch (FileAlreadyExistsException e) {
            throw new IOException("cannot create " + tmp + ": it appeared meanwhile", e);
        }
        Properties p = new Properties();
        m.forEach((login, pw) -> p.setProperty(login + ".password", pw));
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "passwords of the embedded PostgreSQL's logins (nasscore); keep this file private");
        }
        Files.move(tmp, file(dataDir), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
