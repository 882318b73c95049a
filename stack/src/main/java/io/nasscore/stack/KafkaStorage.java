package io.nasscore.stack;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A node's log directory, formatted as {@code kafka-storage.sh format} (kafka.tools.StorageTool) formats it: a
 * {@code meta.properties} with the cluster and node ids, and the bootstrap metadata with the metadata version and
 * feature levels of this Kafka release (the released ones, not the unstable ones a test cluster would get).
 */
public final class KafkaStorage {
    private KafkaStorage() {}

    /** A new cluster id, as {@code kafka-storage.sh random-uuid} prints one. */
    public static String newClusterId() {
        return Uuid.randomUuid().toString();
    }

    /** True when the node's log directory was already formatted. */
    public static boolean isFormatted(Path logDir) {
        return Files.exists(metaFile(logDir));
    }

    /**
     * Formats the log directory of {@code config} for {@code clusterId}.
     *
     * @throws IOException when the directory is already formatted or cannot be written
     */
    public static void format(BrokerConfig config, String clusterId) throws IOException {
        String dir = config.logDir().toAbsolutePath().toString();
        Files.createDirectories(config.logDir());
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))
                    .setNodeId(config.self().id())
                    .setClusterId(clusterId)
                    .setDirectories(List.of(dir))
                    .setMetadataLogDirectory(dir)
                    .setControllerListenerName(BrokerConfig.CONTROLLER)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setUnstableFeatureVersionsEnabled(false)
                    .setIgnoreFormatted(false)
                    .run();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot format " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The cluster id in a formatted log directory, if it is formatted. */
    public static Optional<String> clusterId(Path logDir) throws IOException {
        return metaProperty(logDir, "cluster.id");
    }

    /** The node id in a formatted log directory, if it is formatted. */
    public static Optional<Integer> nodeId(Path logDir) throws IOException {
        Optional<String> id = metaProperty(logDir, "node.id");
        try {
            return id.map(Integer::parseInt);
        } catch (NumberFormatException e) {
            throw new IOException(metaFile(logDir) + " has a bad node.id: " + id.get());
        }
    }

    private static Optional<String> metaProperty(Path logDir, String key) throws IOException {
        Path meta = metaFile(logDir);
        if (!Files.exists(meta)) return Optional.empty();
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) throw new IOException(meta + " has no " + key);
        return Optional.of(v.trim());
    }

    private static Path metaFile(Path logDir) {
        return logDir.resolve("meta.properties");
    }
}
