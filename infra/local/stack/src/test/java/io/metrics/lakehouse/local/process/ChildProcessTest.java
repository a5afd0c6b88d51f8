package io.metrics.lakehouse.local.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Children of the stack never outlive it: clean stop, hard kill of the parent, leftovers. */
class ChildProcessTest {

    @TempDir
    Path dir;

    @Test
    void closeStopsTheCommandItselfNotOnlyItsWatchdog() throws Exception {
        ChildProcess child = ChildProcess.start("sleeper", List.of("sleep", "600"), dir, Map.of(),
                dir.resolve("sleeper.log"), dir.resolve("sleeper.pid"), "600");
        ProcessHandle sleep = awaitSleepUnder(ProcessHandle.of(child.pid()).orElseThrow());
        assertTrue(Files.exists(dir.resolve("sleeper.pid")));

        child.close();

        assertTrue(sleep.onExit().get(10, TimeUnit.SECONDS) != null);
        assertFalse(sleep.isAlive());
        assertFalse(Files.exists(dir.resolve("sleeper.pid")));
    }

    @Test
    void aChildDiesWithItsParentEvenWhenTheParentIsKilledHard() throws Exception {
        // A separate JVM starts the child, prints the command's pid, and is then killed with SIGKILL:
        // no shutdown hook runs, only the watchdog can stop the child.
        Process parent = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                OrphanProbe.class.getName(), dir.toString())
                .redirectErrorStream(true)
                .start();
        long sleepPid;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("sleep-pid=")) {
                // skip logging
            }
            assertTrue(line != null, "the probe never printed the child's pid");
            sleepPid = Long.parseLong(line.substring("sleep-pid=".length()));
            ProcessHandle sleep = ProcessHandle.of(sleepPid).orElseThrow();

            parent.destroyForcibly();
            assertTrue(parent.waitFor(10, TimeUnit.SECONDS));

            sleep.onExit().get(10, TimeUnit.SECONDS);
            assertFalse(sleep.isAlive(), "the child outlived its killed parent");
        }
    }

    @Test
    void aLeftoverNamedByThePidFileIsStoppedOnlyIfItIsOurs() throws Exception {
        Process stranger = new ProcessBuilder("sleep", "601").start();
        try {
            Path pidFile = dir.resolve("stranger.pid");
            Files.writeString(pidFile, Long.toString(stranger.pid()));
            ChildProcess.stopLeftover("stranger", pidFile, "some-other-marker");
            assertTrue(stranger.isAlive(), "a process that is not ours is left alone");

            Files.writeString(pidFile, Long.toString(stranger.pid()));
            ChildProcess.stopLeftover("stranger", pidFile, "601");
            assertTrue(stranger.waitFor(10, TimeUnit.SECONDS), "our leftover is stopped");
            assertEquals(143, stranger.exitValue()); // SIGTERM
        } finally {
            stranger.destroyForcibly();
        }
    }

    private static ProcessHandle awaitSleepUnder(ProcessHandle watchdog) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            var sleep = watchdog.children().filter(p -> p.info().command().orElse("").endsWith("sleep")).findFirst();
            if (sleep.isPresent()) {
                return sleep.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no sleep process under the watchdog " + watchdog.pid());
    }

    /** Main of the parent JVM in {@link #aChildDiesWithItsParentEvenWhenTheParentIsKilledHard}. */
    public static final class OrphanProbe {
        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            ChildProcess child = ChildProcess.start("sleeper", List.of("sleep", "602"), dir, Map.of(),
                    dir.resolve("orphan.log"), dir.resolve("orphan.pid"), "602");
            ProcessHandle sleep = awaitSleepUnder(ProcessHandle.of(child.pid()).orElseThrow());
            System.out.println("sleep-pid=" + sleep.pid());
            System.out.flush();
            Thread.sleep(600_000);
        }
    }
}
