package io.metrics.lakehouse.speed;

import io.metrics.lakehouse.spark.CatalogCheckCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The speed layer's entry point: {@code spark-submit --class io.metrics.lakehouse.speed.SpeedLayerApp
 * speed-layer.jar <command>}. The streaming job ({@code run}) joins {@code check} with the speed layer
 * issue.
 */
@Command(name = "speed-layer", mixinStandardHelpOptions = true,
        description = "Spark Structured Streaming speed layer of the metrics lakehouse.",
        subcommands = {CatalogCheckCommand.class})
public final class SpeedLayerApp {

    private SpeedLayerApp() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SpeedLayerApp()).execute(args));
    }
}
