package io.metrics.lakehouse.schemas.cli;

import org.apache.iceberg.IcebergBuild;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;

/**
 * Command line for the product's Iceberg tables: {@code apply} creates or evolves them, {@code
 * describe} prints them as the catalog has them.
 *
 * <p>Exit codes: 0 when everything went fine, 1 on any error, reported as one line on stderr
 * ({@code error: ...}); {@code --verbose} adds the stack trace and Iceberg's INFO logging.
 */
@Command(
        name = "iceberg-schemas",
        mixinStandardHelpOptions = true,
        versionProvider = SchemasCli.Version.class,
        description = "Creates, evolves and describes the metrics lakehouse's Iceberg tables.",
        subcommands = {ApplyCommand.class, DescribeCommand.class},
        exitCodeOnInvalidInput = 1,
        exitCodeOnExecutionException = 1)
public final class SchemasCli implements Runnable {

    /** Exit code of a successful run. */
    public static final int OK = 0;

    /** Exit code of any failure (bad arguments, unreachable catalog, incompatible table, ...). */
    public static final int ERROR = 1;

    @Spec CommandSpec spec;

    @Option(
            names = "--verbose",
            scope = ScopeType.INHERIT,
            description = "Print stack traces of errors and Iceberg's INFO log.")
    boolean verbose;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "missing subcommand: apply or describe");
    }

    public static void main(String[] args) {
        // slf4j-simple reads its level once, when the first logger is created: decide before that.
        boolean verbose = List.of(args).contains("--verbose");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        if (!verbose) {
            // S3FileIO warns on every start that Hadoop's metrics classes are absent: expected
            // here.
            System.setProperty(
                    "org.slf4j.simpleLogger.log.org.apache.iceberg.aws.s3.S3FileIO", "error");
        }
        System.exit(commandLine().execute(args));
    }

    /**
     * A configured command line: errors are one line on {@code getErr()} with exit code 1. Tests
     * run it in-process with their own writers ({@link CommandLine#setOut}, {@link
     * CommandLine#setErr}).
     */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new SchemasCli());
        commandLine.setExecutionExceptionHandler(SchemasCli::handleExecutionException);
        commandLine.setParameterExceptionHandler(SchemasCli::handleParameterException);
        return commandLine;
    }

    private static int handleExecutionException(
            Exception exception, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        err.println("error: " + oneLine(exception));
        if (parseResult.expandedArgs().contains("--verbose")) {
            exception.printStackTrace(err);
        }
        err.flush();
        return ERROR;
    }

    private static int handleParameterException(
            CommandLine.ParameterException exception, String[] args) {
        CommandLine commandLine = exception.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println(
                "error: "
                        + oneLine(exception)
                        + " (see "
                        + commandLine.getCommandSpec().qualifiedName()
                        + " --help)");
        if (List.of(args).contains("--verbose")) {
            exception.printStackTrace(err);
        }
        err.flush();
        return ERROR;
    }

    /** The exception's message and its root cause's, on one line. */
    static String oneLine(Throwable throwable) {
        String message = describe(throwable);
        Throwable root = throwable;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != throwable) {
            String rootMessage = describe(root);
            if (!message.contains(rootMessage)) {
                message = message + " (caused by " + rootMessage + ")";
            }
        }
        return message.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    private static String describe(Throwable throwable) {
        String message = throwable.getMessage();
        return message == null || message.isBlank()
                ? throwable.getClass().getSimpleName()
                : message;
    }

    /** {@code --version}: this module's and Iceberg's versions. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String own = SchemasCli.class.getPackage().getImplementationVersion();
            return new String[] {
                "iceberg-schemas " + (own == null ? "(development build)" : own),
                "Apache Iceberg " + IcebergBuild.version()
            };
        }
    }
}
