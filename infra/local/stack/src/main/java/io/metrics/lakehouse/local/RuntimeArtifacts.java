package io.metrics.lakehouse.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the build laid out the server distributions (Trino, its Iceberg plugin, S3Proxy), read from
 * the {@code runtime.properties} the build writes into this module's jar. Each path can be overridden
 * with a system property of the same name prefixed by {@code localstack.} (e.g. {@code -Dlocalstack.trino.home=}).
 */
record RuntimeArtifacts(Path trinoHome, Path trinoPluginDir, Path s3proxyJar) {

    static RuntimeArtifacts fromBuild() {
        Properties props = new Properties();
        try (InputStream in = RuntimeArtifacts.class.getResourceAsStream("runtime.properties")) {
            if (in == null) {
                throw new IllegalStateException("runtime.properties missing from the local-stack jar");
            }
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RuntimeArtifacts(path(props, "trino.home"), path(props, "trino.plugin.dir"),
                path(props, "s3proxy.jar"));
    }

    private static Path path(Properties props, String key) {
        return Path.of(System.getProperty("localstack." + key, props.getProperty(key)));
    }
}
