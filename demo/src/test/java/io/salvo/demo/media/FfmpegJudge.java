package io.salvo.demo.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs ffmpeg to make test media and ffprobe to judge the readers. Without ffmpeg the tests that
 * need it are skipped, unless {@code CI=true}, where they fail.
 */
final class FfmpegJudge {
    private static Boolean available;

    private FfmpegJudge() {
    }

    /** Skips the calling test when ffmpeg/ffprobe are missing (fails instead when CI=true). */
    static void assumeAvailable() {
        if (available == null) {
            available = ToolCheck.exitsCleanly(30, "ffmpeg", "-version")
                    && ToolCheck.exitsCleanly(30, "ffprobe", "-version");
        }
        if (!available) {
            String message = "ffmpeg and ffprobe are needed on the PATH to generate and judge test media";
            if ("true".equals(System.getenv("CI"))) {
                fail(message + " (CI=true: not skipping)");
            }
            Assumptions.abort(message);
        }
    }

    /** Runs {@code ffmpeg -v error -y -nostdin <args> <out>} and returns {@code out}. */
    static Path encode(Path out, String... args) {
        assumeAvailable();
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y", "-nostdin"));
        command.addAll(Arrays.asList(args));
        command.add(out.toString());
        output(command);
        return out;
    }

    /**
     * ffprobe's packets of the stream {@code selector} ({@code v:0}, {@code a:0}) of {@code file}, each
     * a map of {@code pts, dts, size, flags, pos, duration}.
     */
    static List<Map<String, String>> packets(Path file, String selector) {
        String text = output(List.of("ffprobe", "-v", "error", "-select_streams", selector, "-show_entries",
                "packet=pts,dts,size,flags,pos,duration", "-of", "compact=p=0", file.toString()));
        List<Map<String, String>> packets = new ArrayList<>();
        for (String line : text.split("\n")) {
            Map<String, String> fields = fields(line);
            if (fields.containsKey("size")) {
                packets.add(fields);
            }
        }
        return packets;
    }

    /** ffprobe's fields of stream {@code selector} of {@code file} ({@code codec_name, time_base, channels...}). */
    static Map<String, String> stream(Path file, String selector) {
        String text = output(List.of("ffprobe", "-v", "error", "-select_streams", selector, "-show_streams",
                "-of", "compact=p=0", file.toString()));
        return fields(text.split("\n")[0]);
    }

    /** Stream {@code selector}'s extradata, from ffprobe's hex dump. */
    static byte[] extradata(Path file, String selector) {
        String text = output(List.of("ffprobe", "-v", "error", "-select_streams", selector, "-show_streams",
                "-show_data", file.toString()));
        return hexDumps(text, "extradata=").get(0);
    }

    /** The bytes of every packet of stream {@code selector}, from ffprobe's hex dumps. */
    static List<byte[]> packetData(Path file, String selector) {
        String text = output(List.of("ffprobe", "-v", "error", "-select_streams", selector, "-show_packets",
                "-show_data", file.toString()));
        return hexDumps(text, "data=");
    }

    /** Each hex dump that follows a line {@code label}: "00000010: 0000 00   ...", 16 bytes per line. */
    private static List<byte[]> hexDumps(String text, String label) {
        List<byte[]> dumps = new ArrayList<>();
        ByteArrayOutputStream bytes = null;
        for (String line : text.split("\n")) {
            if (line.equals(label)) {
                bytes = new ByteArrayOutputStream();
            } else if (bytes != null && line.matches("^[0-9a-f]{8}: .*")) {
                // hex in columns 10..50, then the ASCII column
                String hex = line.substring(10, Math.min(line.length(), 50)).replace(" ", "");
                for (int i = 0; i + 1 < hex.length(); i += 2) {
                    bytes.write(Integer.parseInt(hex.substring(i, i + 2), 16));
                }
            } else if (bytes != null) {
                dumps.add(bytes.toByteArray());
                bytes = null;
            }
        }
        if (bytes != null) {
            dumps.add(bytes.toByteArray());
        }
        return dumps;
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : line.split("\\|")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return fields;
    }

    private static String output(List<String> command) {
        assumeAvailable();
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", command) + " did not finish");
            }
            assertEquals(0, p.exitValue(), () -> String.join(" ", command) + " failed:\n" + out);
            return out;
        } catch (IOException e) {
            throw new AssertionError(String.join(" ", command) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
