package io.metrics.lakehouse.speed;

import io.metrics.lakehouse.spark.CatalogCheckCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The speed layer's entry point: {@code spark-submit --class io.metrics.lakehouse.speed.SpeedLayerApp
 * speed-layer.jar <command>}: {@code run} (the streaming job) or {@code check} (catalog health check).
 */
@Command(name = "speed-layer", mixinStandardHelpOptions = true,
        description = "Spark Structured Streaming speed layer of the metrics lakehouse.",
        subcommands = {RunCommand.class, CatalogCheckCommand.class})
public final class SpeedLayerApp {

    private SpeedLayerApp() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SpeedLayerApp()).execute(args));
    }
}
