package io.metrics.lakehouse.local.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server run as a child process with its output in a log file and its pid in a pid file.
 *
 * <p>A child must not outlive its parent: a JVM killed hard (kill -9, a test JVM killed by a timeout,
 * a fatal error that halts) runs no shutdown hook, and a stray Trino would keep 2 GB and its data
 * directory. So every child runs under a small {@code /bin/sh} watchdog ({@link #WATCHDOG}) that
 * stops it as soon as the parent is gone, and forwards SIGTERM. As a second line, the pid file lets
 * the next start find a leftover (its command line mentions the marker) and stop it.
 */
public final class ChildProcess implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);

    /**
     * {@code sh -c WATCHDOG watchdog <parent pid> <command...>}: runs the command, stops it (SIGTERM, then
     * waits for it) when the parent process disappears or when the watchdog itself gets SIGTERM/SIGINT,
     * and exits with the command's status. The sleep runs in the background so that a signal is handled
     * at once rather than after the sleep.
     */
    static final String WATCHDOG = String.join("\n",
            "parent=$1; shift",
            "\"$@\" &",
            "child=$!",
            "trap 'kill -TERM \"$child\" 2>/dev/null; wait \"$child\"; exit $?' TERM INT",
            "while kill -0 \"$parent\" 2>/dev/null && kill -0 \"$child\" 2>/dev/null; do",
            "  sleep 1 & wait $!",
            "done",
            "kill -TERM \"$child\" 2>/dev/null",
            "wait \"$child\"");

    private final String name;
    private final Process process;
    private final Path pidFile;
    private final Path logFile;

    private ChildProcess(String name, Process process, Path pidFile, Path logFile) {
        this.name = name;
        this.process = process;
        this.pidFile = pidFile;
        this.logFile = logFile;
    }

    /**
     * Starts {@code command} in {@code workDir}, appending its output to {@code logFile}.
     *
     * @param marker a string of the command line unique to this stack (e.g. its data directory), used to
     *               recognise a leftover of an earlier run before killing it
     */
    public static ChildProcess start(String name, List<String> command, Path workDir, Map<String, String> env,
                                     Path logFile, Path pidFile, String marker) throws IOException {
        stopLeftover(name, pidFile, marker);
        Files.createDirectories(workDir);
        Files.createDirectories(logFile.getParent());
        List<String> watched = new ArrayList<>(List.of("/bin/sh", "-c", WATCHDOG, "watchdog",
                Long.toString(ProcessHandle.current().pid())));
        watched.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(watched)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        Files.writeString(pidFile, Long.toString(process.pid()));
        LOG.info("{} started as pid {}, log {}", name, process.pid(), logFile);
        return new ChildProcess(name, process, pidFile, logFile);
    }

    /** Stops a process left behind by an earlier run, if the pid file names one that is still ours. */
    public static void stopLeftover(String name, Path pidFile, String marker) throws IOException {
        if (!Files.exists(pidFile)) {
            return;
        }
        String content = Files.readString(pidFile).trim();
        Files.delete(pidFile);
        long pid;
        try {
            pid = Long.parseLong(content);
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return;
        }
        String commandLine = handle.get().info().commandLine().orElse("");
        if (!commandLine.contains(marker)) {
            return; // the pid was reused by an unrelated process
        }
        LOG.warn("{}: stopping pid {} left behind by an earlier run", name, pid);
        terminate(handle.get(), Duration.ofSeconds(20));
    }

    /** Waits for the process to end (a run-to-completion job); its exit status. */
    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Path logFile() {
        return logFile;
    }

    /** The last lines of the log, to put in an error message when the server fails to start. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log " + logFile + " unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        terminate(process.toHandle(), Duration.ofSeconds(30));
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            LOG.warn("{}: could not delete {}", name, pidFile, e);
        }
    }

    private static void terminate(ProcessHandle handle, Duration grace) {
        // SIGTERM (forwarded by the watchdog): PostgreSQL, Trino, S3Proxy and Dropwizard all shut down
        // cleanly on it. Descendants are listed first: after a forced kill they are no longer ours to find.
        List<ProcessHandle> descendants = handle.descendants().toList();
        handle.destroy();
        try {
            handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("pid {} did not stop within {}; killing it", handle.pid(), grace);
            descendants.forEach(ProcessHandle::destroyForcibly);
            handle.destroyForcibly();
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // nothing more we can do
            }
        }
    }
}
