package io.nasscore.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: the version Maven built, from {@code version.properties} (filtered at build time), else the
 * jar manifest's Implementation-Version; never a string to keep in step by hand.
 */
final class VersionProvider implements IVersionProvider {

    static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (!v.isBlank() && !v.startsWith("${")) return v.trim();
            }
        } catch (IOException e) {
            // fall back to the manifest below
        }
        String fromManifest = VersionProvider.class.getPackage().getImplementationVersion();
        return fromManifest == null ? "unknown (not built by Maven)" : fromManifest;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"nasscore " + version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
