package io.salvo.demo.interop;

import io.salvo.demo.Main;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the {@code salvo} command line in this JVM, as {@code Main} does, capturing what it prints. */
final class SalvoCli {
    /** One finished run: the exit code and everything printed to stdout and stderr. */
    record Run(int exitCode, String out, String err) {
        /** Both streams, for assertion messages. */
        String transcript() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private SalvoCli() {
    }

    /** Runs {@code salvo ARGS} and returns what happened. */
    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine(false);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
