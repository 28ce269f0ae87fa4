package io.salvo.demo.media;

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
 * Runs ffmpeg and ffprobe for tests. Without them a test is skipped, except under {@code CI=true},
 * where it fails.
 */
public final class Ffmpeg {
    private static Boolean available;

    private Ffmpeg() {
    }

    /** Skips (or, with CI=true, fails) the calling test when ffmpeg or ffprobe is missing. */
    public static synchronized void assumeAvailable() {
        if (available == null) {
            available = ToolCheck.exitsCleanly(20, "ffmpeg", "-version")
                    && ToolCheck.exitsCleanly(20, "ffprobe", "-version");
        }
        if (!available) {
            if ("true".equals(System.getenv("CI"))) {
                fail("ffmpeg/ffprobe not found on PATH, and CI=true requires them");
            }
            Assumptions.abort("ffmpeg/ffprobe not found on PATH: skipping");
        }
    }

    /** Runs {@code ffmpeg -hide_banner -loglevel error -y ARGS} and fails on a non-zero exit. */
    public static void ffmpeg(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y"));
        command.addAll(Arrays.asList(args));
        run(workDir, command);
    }

    /** Runs {@code ffprobe -v error ARGS} and returns its standard output. */
    public static String ffprobe(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffprobe", "-v", "error"));
        command.addAll(Arrays.asList(args));
        return run(workDir, command);
    }

    private static String run(Path workDir, List<String> command) throws IOException, InterruptedException {
        return start(workDir, command).finish();
    }

    /** Starts {@code command} in {@code workDir}, its stdout and stderr going to files there. */
    public static Started start(Path workDir, List<String> command) throws IOException {
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Started(command, process, out, err);
    }

    /** A tool that was started. */
    public record Started(List<String> command, Process process, Path out, Path err) {
        /** Waits for the end; fails on a non-zero exit or after 180 s; returns stdout. */
        public String finish() throws IOException, InterruptedException {
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish in 180 s");
            }
            if (process.exitValue() != 0) {
                fail(String.join(" ", command) + " exited with " + process.exitValue() + ": "
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        }
    }

    /** MD5 hashes of the decoded frames of {@code framemd5} output, in order. */
    public static List<String> frameHashes(Path framemd5) throws IOException {
        List<String> hashes = new ArrayList<>();
        for (String line : Files.readAllLines(framemd5)) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] columns = line.split(",");
            hashes.add(columns[columns.length - 1].trim());
        }
        return hashes;
    }
}
