package io.salvo.demo.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.salvo.demo.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Runs the salvo command line in this process exactly as {@link Main#run} does, with its
 * standard output and standard error captured.
 */
final class Cli {
    /** A progress line of {@code salvo stream} and the demo: "  5.0 s  frames 150  packets 210 ...". */
    static final Pattern PROGRESS = Pattern.compile(
            " *\\d+\\.\\d s  frames \\d+  packets \\d+  \\d+\\.\\d\\d Mbit/s  lateness p99 \\d+ us  drops \\d+"
                    + "(  kernel pacing)?");
    private static final long LIMIT_SECONDS = 60;

    private Cli() {
    }

    /** Runs {@code salvo ARGS} to the end. */
    static Result run(String... args) {
        return start(args).result();
    }

    /** Starts {@code salvo ARGS} on its own thread. */
    static Running start(String... args) {
        return new Running(args);
    }

    /** A command running on its own thread. */
    static final class Running {
        private final String[] args;
        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();
        private final CompletableFuture<Integer> exitCode;

        private Running(String... args) {
            this.args = args;
            CommandLine commandLine = Main.commandLine(Arrays.asList(args).contains("--verbose"))
                    .setOut(new PrintWriter(out, true))
                    .setErr(new PrintWriter(err, true));
            exitCode = CompletableFuture.supplyAsync(() -> commandLine.execute(args));
        }

        /** Waits until stderr contains {@code text}; fails if the command ends first. */
        Running awaitErr(String text) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);
            while (!err.toString().contains(text)) {
                if (exitCode.isDone() || System.nanoTime() > deadline) {
                    fail("salvo " + String.join(" ", args) + " never wrote '" + text + "' on stderr: " + err);
                }
                Thread.sleep(5);
            }
            return this;
        }

        /** Waits for the end and returns the exit code with the captured output. */
        Result result() {
            try {
                return new Result(exitCode.get(LIMIT_SECONDS, TimeUnit.SECONDS), out.toString(), err.toString());
            } catch (TimeoutException e) {
                throw new AssertionError("salvo " + String.join(" ", args) + " did not end in " + LIMIT_SECONDS
                        + " s; stderr so far: " + err, e);
            } catch (Exception e) {
                throw new AssertionError("salvo " + String.join(" ", args) + " failed: " + e, e);
            }
        }
    }

    /** How a run ended. */
    record Result(int exitCode, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }

        List<String> errLines() {
            return err.lines().toList();
        }

        /** Stderr lines other than progress lines. */
        List<String> errLinesBesidesProgress() {
            return err.lines().filter(line -> !PROGRESS.matcher(line).matches()).toList();
        }

        /** The N of the summary line {@code packets   N sent, ...}. */
        long packetsSent() {
            return summaryNumber("^  packets   (\\d+) sent, 0 dropped");
        }

        /** The N of the summary line {@code frames    N in ...}. */
        long frames() {
            return summaryNumber("^  frames    (\\d+) in ");
        }

        /** The N of the summary line {@code bytes     N (...)}. */
        long bytesSent() {
            return summaryNumber("^  bytes     (\\d+) \\(");
        }

        private long summaryNumber(String regex) {
            Matcher matcher = Pattern.compile(regex, Pattern.MULTILINE).matcher(out);
            assertTrue(matcher.find(), "no line matching " + regex + " in stdout:\n" + out + "\nstderr:\n" + err);
            return Long.parseLong(matcher.group(1));
        }

        /** "exit N, stdout: ..., stderr: ..." for assertion messages. */
        String describe() {
            return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }
}
