package io.metrics.lakehouse.speed;

import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The speed layer in its own JVM, as in production ({@code SpeedLayerApp run --local}): the test
 * class path, the Spark module options of this JVM, output to a log file.
 */
final class JobProcess {

    private JobProcess() {
    }

    /** Writes the catalog properties to {@code dir/catalog.properties}. */
    static Path writeCatalogConfig(Path dir, Map<String, String> catalogProperties) throws Exception {
        Path file = dir.resolve("catalog.properties");
        Properties props = new Properties();
        props.putAll(catalogProperties);
        try (Writer w = Files.newBufferedWriter(file)) {
            props.store(w, null);
        }
        return file;
    }

    static Process start(Path work, String name, String heap, List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.add("-Djava.io.tmpdir=" + Files.createDirectories(work.resolve("tmp-" + name)));
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.startsWith("--add-") || option.startsWith("--enable-native-access")
                    || option.startsWith("-XX:+IgnoreUnrecognizedVMOptions") || option.startsWith("-Djdk.reflect")
                    || option.startsWith("-Dio.netty")) {
                command.add(option);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(SpeedLayerApp.class.getName());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder.start();
    }
}
