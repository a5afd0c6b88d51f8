package io.metrics.lakehouse.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hands out TCP ports on 127.0.0.1 that are free now and have not been handed out before in this JVM.
 *
 * <p>Why not {@code new ServerSocket(0)}: the kernel picks such ports from the ephemeral range, the
 * same range it takes the source ports of outgoing connections from. A port picked that way and
 * closed again can be taken by any client connection (to PostgreSQL, Kafka...) before the server
 * that was meant to bind it starts, and two such picks can even return the same port. CI saw both
 * symptoms: Trino failed to bind, and the readiness probe talked to another server. Ports handed out
 * here come from below the ephemeral range, where no outgoing connection lands, and are never
 * handed out twice.
 */
public final class FreePorts {

    /** Lowest port handed out: above the usual fixed service ports (8080, 9092, 15432...). */
    static final int LOWEST = 20_000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int ATTEMPTS = 1_000;
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private FreePorts() {
    }

    /** A port free on 127.0.0.1 now, distinct from every port this JVM was handed before. */
    public static synchronized int next() {
        int highestExclusive = ephemeralRangeStart();
        if (highestExclusive - LOWEST < 1_000) {
            return nextFromKernel();
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < ATTEMPTS; i++) {
            int port = random.nextInt(LOWEST, highestExclusive);
            if (!HANDED_OUT.contains(port) && isFree(port)) {
                HANDED_OUT.add(port);
                return port;
            }
        }
        throw new IllegalStateException("no free port on 127.0.0.1 between " + LOWEST + " and "
                + highestExclusive + " after " + ATTEMPTS + " attempts");
    }

    /** Whether a server could bind {@code port} on 127.0.0.1 right now. */
    public static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fallback where the ephemeral range leaves no room below it: the kernel's pick, never repeated. */
    private static int nextFromKernel() {
        for (int i = 0; i < ATTEMPTS; i++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("no free port on 127.0.0.1", e);
            }
        }
        throw new IllegalStateException("the kernel kept returning ports already handed out");
    }

    /** The first port of the kernel's ephemeral range. */
    static int ephemeralRangeStart() {
        // A reader, not Files.readString: /proc files report size 0, and readString returned only "3".
        try (BufferedReader reader = Files.newBufferedReader(EPHEMERAL_RANGE)) {
            return Integer.parseInt(reader.readLine().trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            // Not Linux, or unreadable: assume the IANA dynamic range (49152-65535).
            return 49_152;
        }
    }
}
