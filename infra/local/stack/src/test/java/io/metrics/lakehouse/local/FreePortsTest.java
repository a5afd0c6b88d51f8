package io.metrics.lakehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreePortsTest {

    @Test
    void handsOutDistinctFreePortsBelowTheEphemeralRange() throws Exception {
        int ephemeralStart = FreePorts.ephemeralRangeStart();
        assertEquals(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).split("\\s+")[0],
                Integer.toString(ephemeralStart));
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = FreePorts.next();
            assertTrue(port >= FreePorts.LOWEST && port < ephemeralStart, "port " + port);
            assertTrue(FreePorts.isFree(port), "port " + port);
            assertTrue(ports.add(port), "port " + port + " handed out twice");
        }
    }

    @Test
    void aPortSomeoneListensOnIsNotFree() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertFalse(FreePorts.isFree(taken.getLocalPort()));
        }
    }

    @Test
    void aStackWithOnePortForTwoServersIsRefusedNamingBoth(@TempDir Path dir) {
        int port = FreePorts.next();
        LocalStackConfig config = LocalStackConfig.builder().dataDir(dir).postgresPort(FreePorts.next())
                .s3Port(FreePorts.next()).kafkaPort(port).kafkaControllerPort(FreePorts.next()).trinoPort(port)
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LocalStack.start(config));
        assertEquals("port " + port + " is configured for both Kafka and Trino: give each server its own port",
                e.getMessage());
    }
}
