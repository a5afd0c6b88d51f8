package io.metrics.lakehouse.local.component;

import io.metrics.lakehouse.local.process.Await;
import io.metrics.lakehouse.local.process.ChildProcess;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * An S3-compatible object store: S3Proxy on the local file system, run as a child JVM (its fat jar
 * carries its own Jetty, which must not meet the services' Jetty on one classpath). Clients use the
 * real AWS SDK and Iceberg's S3FileIO against it, so the production code paths are exercised.
 */
public final class ObjectStoreServer implements AutoCloseable {

    private final ChildProcess process;
    private final String endpoint;

    private ObjectStoreServer(ChildProcess process, String endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    public static ObjectStoreServer start(Path home, Path s3proxyJar, int port, String accessKey, String secretKey,
                                          Path logFile) throws IOException {
        if (!Files.isRegularFile(s3proxyJar)) {
            throw new IllegalStateException("S3Proxy jar not found at " + s3proxyJar
                    + " (it is copied there by the local-stack build: run the build first)");
        }
        Path blobs = home.resolve("blobs");
        Path tmp = home.resolve("tmp");
        Files.createDirectories(blobs);
        Files.createDirectories(tmp);
        String endpoint = "http://127.0.0.1:" + port;
        Properties props = new Properties();
        props.setProperty("s3proxy.endpoint", endpoint);
        props.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        props.setProperty("s3proxy.identity", accessKey);
        props.setProperty("s3proxy.credential", secretKey);
        // Without it Trino's native S3 file system gets 501 on listings and CREATE TABLE fails.
        props.setProperty("s3proxy.ignore-unknown-headers", "true");
        props.setProperty("jclouds.provider", "filesystem");
        props.setProperty("jclouds.filesystem.basedir", blobs.toString());
        Path propsFile = home.resolve("s3proxy.properties");
        try (Writer out = Files.newBufferedWriter(propsFile)) {
            props.store(out, "Written by the local stack at each start");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + tmp,
                "-jar", s3proxyJar.toString(), "--properties", propsFile.toString());
        ChildProcess process = ChildProcess.start("s3proxy", command, home, Map.of(), logFile,
                home.resolve("s3proxy.pid"), propsFile.toString());
        ObjectStoreServer server = new ObjectStoreServer(process, endpoint);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Await.until("S3Proxy to listen on " + endpoint, Duration.ofSeconds(60),
                () -> http.send(HttpRequest.newBuilder(URI.create(endpoint)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() > 0,
                process::isAlive, () -> process.logTail(30));
        return server;
    }

    /** Creates the bucket through the S3 API if it does not exist. */
    public void ensureBucket(String bucket, String accessKey, String secretKey, String region) {
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(region))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            try {
                s3.headBucket(HeadBucketRequest.builder().bucket(bucket).build());
            } catch (NoSuchBucketException e) {
                try {
                    s3.createBucket(b -> b.bucket(bucket));
                } catch (BucketAlreadyOwnedByYouException ignored) {
                    // created concurrently: fine
                }
            }
        }
    }

    public String endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        process.close();
    }
}
