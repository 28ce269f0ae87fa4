package io.salvo.demo;

import io.salvo.demo.cli.UserError;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Entry point of {@code salvo.jar}. Exit codes: 0 done, 1 an error (one clear line on stderr, a
 * stack trace only with {@code --verbose}), 2 a usage error (picocli's convention).
 */
public final class Main {
    private Main() {
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line in this process and returns the exit code (for tests). */
    public static int run(String... args) {
        return commandLine(Arrays.asList(args).contains("--verbose")).execute(args);
    }

    /** The configured command line. */
    public static CommandLine commandLine(boolean verbose) {
        CommandLine commandLine = new CommandLine(new SalvoCommand());
        for (CommandLine subcommand : commandLine.getSubcommands().values()) {
            // their -V/--version (from mixinStandardHelpOptions) would print nothing without this
            subcommand.getCommandSpec().versionProvider(new Version());
        }
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            cmd.getErr().println("salvo" + (cmd.getCommandName().equals("salvo") ? "" : " " + cmd.getCommandName())
                    + ": " + describe(e));
            if (verbose) {
                e.printStackTrace(cmd.getErr());
            }
            cmd.getErr().flush();
            return 1;
        });
        return commandLine;
    }

    private static String describe(Throwable e) {
        if (e instanceof UserError) {
            return e.getMessage();
        }
        if (e instanceof UncheckedIOException && e.getCause() != null) {
            return describe(e.getCause());
        }
        if (e instanceof IOException) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
