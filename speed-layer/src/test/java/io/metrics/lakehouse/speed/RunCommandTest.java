package io.metrics.lakehouse.speed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RunCommandTest {

    @Test
    void triggerIntervals() {
        assertEquals(Duration.ofMillis(500), RunCommand.parseDuration("500ms"));
        assertEquals(Duration.ofSeconds(5), RunCommand.parseDuration("5s"));
        assertEquals(Duration.ofMinutes(1), RunCommand.parseDuration("1m"));
        assertThrows(IllegalArgumentException.class, () -> RunCommand.parseDuration("5 parsecs"));
    }

    @Test
    void runFailsWithTheReasonWhenTheCatalogConfigIsMissing() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(SpeedLayerApp.class);
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("run", "--local", "--catalog-config", "/nonexistent/catalog.properties",
                "--kafka-bootstrap-servers", "127.0.0.1:1", "--checkpoint", "target/unused");
        assertEquals(1, exit);
        assertTrue(err.toString().startsWith("run failed: cannot read catalog config /nonexistent/catalog.properties"),
                err.toString());
    }

    @Test
    void runListsItsOptions() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(SpeedLayerApp.class);
        cli.setOut(new PrintWriter(out, true));
        assertEquals(0, cli.execute("run", "--help"));
        for (String option : new String[] {"--catalog-config", "--kafka-bootstrap-servers", "--checkpoint",
                "--trigger", "--available-now", "--starting-offsets", "--max-offsets-per-trigger", "--metrics-port",
                "--local"}) {
            assertTrue(out.toString().contains(option), option);
        }
    }
}
