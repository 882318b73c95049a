package io.nasscore.producer;

import io.nasscore.core.space.SearchSpace;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which architectures an experiment asks for, in submission order, each once, with the runs it belongs to.
 *
 * <p>Four kinds: a random sample ({@code R} runs of {@code N} architectures, {@link SearchSpace#runs}: an
 * architecture drawn in several runs is ONE job carrying all its run ids), explicit indices, a file of indices
 * or arch strings, or the whole space. Only sampled sets carry run ids.
 */
public final class JobSet {

    /** A line of an architecture file that was skipped: its 1-based number, its text and why. */
    public record BadLine(int line, String text, String reason) {
        @Override public String toString() { return "line " + line + ": " + reason; }
    }

    private final String label;
    private final Map<Integer, List<Integer>> runIds;
    private final List<BadLine> badLines;
    private final int runs;

    private JobSet(String label, Map<Integer, List<Integer>> runIds, List<BadLine> badLines, int runs) {
        this.label = label;
        this.runIds = Collections.unmodifiableMap(runIds);
        this.badLines = List.copyOf(badLines);
        this.runs = runs;
    }

    /**
     * R runs of N architectures drawn with {@link SearchSpace#runs}(runs, n, seed); the union of the runs, in
     * draw order, each architecture with the (ascending) ids of the runs that drew it.
     */
    public static JobSet sample(int n, int runs, long seed) {
        if (n < 1 || n > SearchSpace.SIZE) {
            throw new IllegalArgumentException("sample size " + n + " is outside 1.." + SearchSpace.SIZE);
        }
        if (runs < 1) throw new IllegalArgumentException("runs must be >= 1, got " + runs);
        int[][] drawn = SearchSpace.runs(runs, n, seed);
        Map<Integer, List<Integer>> m = new LinkedHashMap<>();
        for (int r = 0; r < runs; r++) {
            for (int index : drawn[r]) {
                m.computeIfAbsent(index, k -> new ArrayList<>()).add(r);
            }
        }
        m.replaceAll((k, v) -> List.copyOf(v));
        return new JobSet("sample" + n + "x" + runs + "-seed" + seed, m, List.of(), runs);
    }

    /** Explicit official indices (duplicates merged, order kept); an index outside 0..15624 is an error. */
    public static JobSet indices(List<Integer> indices) {
        if (indices == null || indices.isEmpty()) throw new IllegalArgumentException("no arch index given");
        Map<Integer, List<Integer>> m = new LinkedHashMap<>();
        for (Integer i : indices) {
            if (i == null) throw new IllegalArgumentException("empty arch index in the list");
            SearchSpace.checkIndex(i);
            m.putIfAbsent(i, List.of());
        }
        String label = m.size() == 1 ? "index" + m.keySet().iterator().next() : "indices" + m.size();
        return new JobSet(label, m, List.of(), 0);
    }

    /** The whole space: the 15,625 architectures in index order. */
    public static JobSet all() {
        Map<Integer, List<Integer>> m = new LinkedHashMap<>();
        for (int i = 0; i < SearchSpace.SIZE; i++) m.put(i, List.of());
        return new JobSet("all", m, List.of(), 0);
    }

    /**
     * A text file with one architecture per line: an official index or an NB201 arch string
     * ({@link SearchSpace#resolve}). Blank lines and lines starting with '#' are ignored; a line that is neither
     * (or names an architecture already listed) is skipped and reported in {@link #badLines()} with its line
     * number. A missing or unreadable file, or one without any valid line, is an error naming the file.
     */
    public static JobSet fromFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("architecture file " + file + ": file not found");
        } catch (MalformedInputException e) {
            throw new IllegalArgumentException("architecture file " + file + ": not valid UTF-8 text");
        } catch (IOException e) {
            throw new IllegalArgumentException("architecture file " + file + ": cannot be read: " + e.getMessage());
        }
        return fromLines(lines, file.toString(), baseName(file));
    }

    /** As {@link #fromFile}, over lines already read; {@code source} names them in messages. */
    public static JobSet fromLines(List<String> lines, String source, String label) {
        Map<Integer, List<Integer>> m = new LinkedHashMap<>();
        Map<Integer, Integer> firstLine = new LinkedHashMap<>();
        List<BadLine> bad = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String raw = lines.get(n);
            String t = raw.strip();
            if (n == 0 && t.startsWith("\uFEFF")) t = t.substring(1).strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            int index;
            try {
                index = SearchSpace.resolve(t).index();
            } catch (IllegalArgumentException e) {
                bad.add(new BadLine(n + 1, raw, e.getMessage()));
                continue;
            }
            Integer first = firstLine.putIfAbsent(index, n + 1);
            if (first != null) {
                bad.add(new BadLine(n + 1, raw, "architecture " + index + " already listed on line " + first));
                continue;
            }
            m.put(index, List.of());
        }
        if (m.isEmpty()) {
            throw new IllegalArgumentException("architecture file " + source + ": no valid architecture"
                    + (bad.isEmpty() ? " (the file is empty)" : "; " + bad.size() + " bad line(s), first " + bad.get(0)));
        }
        return new JobSet("file-" + label, m, bad, 0);
    }

    /** The architectures in submission order. */
    public List<Integer> indices() { return List.copyOf(runIds.keySet()); }

    /** Run ids of one architecture of the set (empty when the set has no runs). */
    public List<Integer> runIds(int index) {
        List<Integer> r = runIds.get(index);
        return r == null ? List.of() : r;
    }

    /** index -> run ids, in submission order. */
    public Map<Integer, List<Integer>> runIdsByIndex() { return runIds; }

    /** Number of distinct architectures (= jobs). */
    public int size() { return runIds.size(); }

    /** R for sampled sets, 0 otherwise. */
    public int runs() { return runs; }

    /** Lines of an architecture file that were skipped (empty for the other kinds). */
    public List<BadLine> badLines() { return badLines; }

    /** A short name of the set, used in default experiment names, e.g. sample1000x10-seed0, all, file-archs. */
    public String label() { return label; }

    @Override public String toString() { return "JobSet[" + label + ", " + size() + " architectures]"; }

    private static String baseName(Path file) {
        Path f = file.getFileName();
        String name = f == null ? "archs" : f.toString();
        int dot = name.lastIndexOf('.');
        if (dot > 0) name = name.substring(0, dot);
        name = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return name.isEmpty() ? "archs" : name;
    }
}
