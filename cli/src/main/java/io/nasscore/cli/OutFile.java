package io.nasscore.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * An output file named by {@code --out}: checked before anything is computed or written, and its I/O errors turned
 * into one line naming the path and the reason (the JDK's exceptions often carry the path alone).
 */
final class OutFile {
    private OutFile() {}

    /** Fails with a one-line message when {@code out} cannot be a file: a directory, or a parent that is missing or a file. */
    static void check(Path out) {
        if (Files.isDirectory(out)) throw new IllegalArgumentException("--out " + out + " is a directory, not a file");
        Path parent = out.toAbsolutePath().normalize().getParent();
        for (Path p = parent; p != null; p = p.getParent()) {
            if (Files.isDirectory(p)) break;
            if (Files.exists(p)) throw new IllegalArgumentException("--out " + out + ": " + p + " is not a directory");
            if (p.getParent() != null && Files.isDirectory(p.getParent())) {
                throw new IllegalArgumentException("--out " + out + ": directory " + p + " does not exist");
            }
        }
    }

    /** Opens {@code out} to append, with {@link #unwritable} messages. */
    static BufferedWriter append(Path out) {
        try {
            return Files.newBufferedWriter(out, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw unwritable(out, e);
        }
    }

    /** What {@link #replace} writes into the file. */
    interface Content<T> {
        T writeTo(Writer w) throws IOException;
    }

    /**
     * Writes {@code out} whole or not at all: into a new file beside it, renamed over it once complete, so that a reader
     * never sees half a file and a failed run leaves the earlier file as it was. Returns what {@code content} returned.
     */
    static <T> T replace(Path out, Content<T> content) {
        Path abs = out.toAbsolutePath().normalize();
        // not Files.createTempFile: it makes the file owner-only, and the renamed file would stay so
        Path tmp = abs.resolveSibling("." + abs.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        boolean renamed = false;
        try {
            T result;
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                result = content.writeTo(w);
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            renamed = true;
            return result;
        } catch (IOException e) {
            throw unwritable(out, e);
        } finally {
            if (!renamed) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the error being thrown says more than this one
                }
            }
        }
    }

    /** {@code --out <path> cannot be written: <reason>}. */
    static IllegalArgumentException unwritable(Path out, IOException e) {
        String reason;
        if (e instanceof AccessDeniedException) reason = "permission denied";
        else if (e instanceof FileSystemException f && f.getReason() != null) reason = f.getReason();
        else reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new IllegalArgumentException("--out " + out + " cannot be written: " + reason, e);
    }
}
