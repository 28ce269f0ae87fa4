package io.salvo.packetizer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Test media from the real encoders: runs ffmpeg into a temporary directory and splits the
 * result minimally (IVF frames, AV1 temporal units of an OBU stream, Opus packets of an Ogg
 * file). Skips the test when ffmpeg is missing, but fails it when {@code CI=true}.
 */
final class VpxMedia {
    private VpxMedia() {
    }

    /** Runs {@code ffmpeg -hide_banner -loglevel error -y <args>} and returns {@code output}. */
    static Path ffmpeg(Path output, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y"));
        command.addAll(Arrays.asList(args));
        command.add(output.toString());
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            if ("true".equals(System.getenv("CI"))) {
                fail("ffmpeg is required on CI but could not be started: " + e.getMessage());
            }
            assumeTrue(false, "ffmpeg is not installed: " + e.getMessage());
            throw e;
        }
        String log = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("ffmpeg timed out: " + command);
        }
        assertEquals(0, process.exitValue(), "ffmpeg failed: " + command + "\n" + log);
        return output;
    }

    /** The frames of an IVF file (32-byte file header, then 12-byte frame headers). */
    static List<byte[]> ivfFrames(Path file) throws IOException {
        ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x46494B44, data.getInt(0), "IVF signature DKIF");
        int at = data.getShort(6) & 0xFFFF;
        List<byte[]> frames = new ArrayList<>();
        while (at + 12 <= data.limit()) {
            int size = data.getInt(at);
            byte[] frame = new byte[size];
            data.get(at + 12, frame);
            frames.add(frame);
            at += 12 + size;
        }
        return frames;
    }

    /** The temporal units of an AV1 low-overhead OBU stream, split before each temporal delimiter. */
    static List<byte[]> obuTemporalUnits(Path file) throws IOException {
        byte[] data = Files.readAllBytes(file);
        List<byte[]> units = new ArrayList<>();
        int start = 0;
        int at = 0;
        while (at < data.length) {
            int header = data[at] & 0xFF;
            int type = (header >>> 3) & 0xF;
            if (type == Av1Packetizer.OBU_TEMPORAL_DELIMITER && at > start) {
                units.add(Arrays.copyOfRange(data, start, at));
                start = at;
            }
            int p = at + ((header & 0x04) != 0 ? 2 : 1);
            long size = 0;
            int shift = 0;
            int b;
            do {
                b = data[p++] & 0xFF;
                size |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            at = p + (int) size;
        }
        units.add(Arrays.copyOfRange(data, start, data.length));
        return units;
    }

    /** The audio packets of an Ogg Opus file (the OpusHead and OpusTags packets left out). */
    static List<byte[]> oggOpusPackets(Path file) throws IOException {
        byte[] data = Files.readAllBytes(file);
        List<byte[]> packets = new ArrayList<>();
        java.io.ByteArrayOutputStream packet = new java.io.ByteArrayOutputStream();
        int at = 0;
        while (at + 27 <= data.length) {
            assertEquals("OggS", new String(data, at, 4), "Ogg page at " + at);
            int segments = data[at + 26] & 0xFF;
            int body = at + 27 + segments;
            for (int s = 0; s < segments; s++) {
                int lacing = data[at + 27 + s] & 0xFF;
                packet.write(data, body, lacing);
                body += lacing;
                if (lacing < 255) {
                    packets.add(packet.toByteArray());
                    packet.reset();
                }
            }
            at = body;
        }
        return packets.subList(2, packets.size());
    }
}
