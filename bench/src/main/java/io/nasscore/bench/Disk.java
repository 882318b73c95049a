package io.nasscore.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Disk used by an embedded stack's data directory: Kafka per topic, RocksDB, PostgreSQL; and per million records. */
final class Disk {
    private Disk() {}

    /** Disk per component, and per million records. */
    static void report(Path dir, long records) throws Exception {
        Map<String, Long> bytes = new LinkedHashMap<>();
        Path kafka = dir.resolve("kafka");
        try (var logDirs = Files.walk(kafka, 2)) {
            for (Path p : (Iterable<Path>) logDirs::iterator) {
                String n = p.getFileName().toString();
                if (!Files.isDirectory(p) || !n.matches(".+-[0-9]+")) continue;
                String topic = n.substring(0, n.lastIndexOf('-'));
                String group = topic.startsWith("nasscore-aggregator") ? "Kafka: Streams' internal topics"
                        : topic.startsWith("__") ? "Kafka: __consumer_offsets, __transaction_state, metadata" : "Kafka: " + topic;
                bytes.merge(group, Procs.du(p), Long::sum);
            }
        }
        bytes.put("RocksDB (aggregator state)", Procs.du(dir.resolve("streams")));
        bytes.put("PostgreSQL (data directory)", Procs.du(dir.resolve("postgres")));
        System.out.printf(Locale.ROOT, "Disk after %,d records (before any compaction or retention):%n%n", records);
        System.out.println("| where | MB | MB per million records |");
        System.out.println("|---|---:|---:|");
        long total = 0;
        for (Map.Entry<String, Long> e : bytes.entrySet()) {
            total += e.getValue();
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f |%n", e.getKey(), e.getValue() / 1e6, e.getValue() / 1e6 * 1e6 / records);
        }
        System.out.printf(Locale.ROOT, "| total | %.0f | %.0f |%n", total / 1e6, total / 1e6 * 1e6 / records);
    }
}
