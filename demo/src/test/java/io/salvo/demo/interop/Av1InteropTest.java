package io.salvo.demo.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.demo.media.Ffmpeg;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AV1: ffmpeg 5.1 has no AV1 RTP depacketizer, so {@code salvo stream clip.ivf} (libaom) goes to an
 * in-process UDP receiver and {@link Av1Reassembler} judges it against the AV1 RTP spec: every
 * temporal unit's reassembled OBUs equal the file's temporal unit after the spec's rewriting, and
 * the RTP timestamps follow the IVF pts. A real decoder then judges the reassembled stream: the
 * temporal units, each after the temporal delimiter a receiver puts back (§7.2), written to an IVF
 * file, decode to the same frame MD5s as the source clip.
 */
@Tag("interop")
class Av1InteropTest {
    /** A temporal delimiter OBU: type 2, obu_has_size_field, obu_size 0. */
    private static final byte[] TEMPORAL_DELIMITER = {0x12, 0x00};

    @TempDir
    Path dir;

    @Test
    void shouldReassembleEveryTemporalUnitAsTheSpecRewritesIt() throws Exception {
        Ffmpeg.assumeAvailable();
        Ffmpeg.ffmpeg(dir, "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", "1", "-c:v", "libaom-av1",
                "-cpu-used", "8", "-g", "15", "av1.ivf");
        IvfFrames ivf = IvfFrames.read(dir.resolve("av1.ivf"));
        assertEquals("AV01", ivf.fourcc);

        List<RtpDatagrams.Frame> units;
        try (DatagramCollector receiver = new DatagramCollector()) {
            SalvoCli.Run run = SalvoCli.run("stream", dir.resolve("av1.ivf").toString(),
                    "--to", "127.0.0.1:" + receiver.port(), "--speed", "4");
            assertEquals(0, run.exitCode(), run::transcript);
            assertEquals("", run.err(), run::transcript);
            units = RtpDatagrams.frames(receiver.datagrams());
        }

        assertEquals(ivf.frames.size(), units.size(), "temporal units received");
        long ticksPerPts = 90_000 * ivf.scale / ivf.rate;
        assertEquals(90_000 * ivf.scale, ticksPerPts * ivf.rate, "IVF timebase maps to whole 90 kHz ticks");
        List<byte[]> reassembled = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            RtpDatagrams.Frame unit = units.get(i);
            IvfFrames.Frame source = ivf.frames.get(i);
            assertTrue(unit.marked(), "marker on the last packet of temporal unit " + i);
            assertEquals((source.pts() - ivf.frames.get(0).pts()) * ticksPerPts,
                    (unit.timestamp() - units.get(0).timestamp()) & 0xFFFF_FFFFL, "RTP timestamp of temporal unit " + i);
            for (int p = 1; p < unit.payloads().size(); p++) {
                assertEquals(0, unit.payloads().get(p)[0] & Av1Reassembler.N, "N set inside temporal unit " + i);
            }
            byte[] obus = Av1Reassembler.temporalUnit(unit.payloads());
            assertArrayEquals(Av1Reassembler.rewrite(source.data()), obus, "OBUs of temporal unit " + i);
            ByteArrayOutputStream withDelimiter = new ByteArrayOutputStream();
            withDelimiter.writeBytes(TEMPORAL_DELIMITER);
            withDelimiter.writeBytes(obus);
            reassembled.add(withDelimiter.toByteArray());
        }
        assertTrue((units.get(0).payloads().get(0)[0] & Av1Reassembler.N) != 0,
                "N=1 on the first packet: a new coded video sequence");

        ivf.writeWithFrames(dir.resolve("received.ivf"), reassembled);
        Ffmpeg.ffmpeg(dir, "-i", "av1.ivf", "-f", "framemd5", "reference.md5");
        Ffmpeg.ffmpeg(dir, "-i", "received.ivf", "-f", "framemd5", "received.md5");
        List<String> reference = FrameMd5.read(dir.resolve("reference.md5")).hashes();
        assertEquals(ivf.frames.size(), reference.size(), "libaom's IVF has one shown frame per temporal unit");
        assertEquals(reference, FrameMd5.read(dir.resolve("received.md5")).hashes(),
                "decoded frames of the reassembled stream differ from the source");
    }
}
