package io.salvo.demo.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs ffmpeg and ffprobe for the command tests. Without them a test is skipped, except under
 * {@code CI=true}, where it fails.
 */
final class Ffmpeg {
    private static final long LIMIT_SECONDS = 120;
    private static Boolean available;

    private Ffmpeg() {
    }

    /** Skips (or, with CI=true, fails) the calling test when ffmpeg or ffprobe is missing. */
    static synchronized void assumeAvailable() {
        if (available == null) {
            available = works("ffmpeg") && works("ffprobe");
        }
        if (!available) {
            if ("true".equals(System.getenv("CI"))) {
                fail("ffmpeg/ffprobe not found on PATH, and CI=true requires them");
            }
            Assumptions.abort("ffmpeg/ffprobe not found on PATH: skipping the salvo command tests that need media");
        }
    }

    private static boolean works(String tool) {
        try {
            Process process = new ProcessBuilder(tool, "-version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code ffmpeg -hide_banner -loglevel error -y ARGS} in {@code dir}; fails on a non-zero exit. */
    static void ffmpeg(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y"));
        command.addAll(Arrays.asList(args));
        start(dir, command).finish();
    }

    /** Starts {@code command} in {@code dir}, its stdout and stderr going to files there. */
    static Started start(Path dir, List<String> command) throws IOException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Started(command, process, out, err);
    }

    /** A tool that was started. */
    record Started(List<String> command, Process process, Path out, Path err) {
        /** Waits for the end; fails on a non-zero exit or after the limit; returns stdout. */
        String finish() throws IOException, InterruptedException {
            if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish in " + LIMIT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                fail(String.join(" ", command) + " exited with " + process.exitValue() + ": "
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        }
    }
}
