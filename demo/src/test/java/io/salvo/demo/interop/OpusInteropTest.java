package io.salvo.demo.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.demo.media.Ffmpeg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ogg Opus clips made with libopus, through {@code salvo stream} to ffmpeg (see {@link CliInterop}),
 * compared with decoding the Ogg file directly, both at 48 kHz to 16-bit samples.
 *
 * <p>Two differences are in the formats, not in salvo, and the assertions are exact around them:
 * <ul>
 * <li>Pre-skip and end trimming live in the Ogg container (OpusHead, the last granule position);
 * RTP has neither (RFC 7587), so ffmpeg's RTP decode outputs every decoded sample. The direct decode's
 * first frame is therefore shorter by the pre-skip and its last frame by the end trimming: every
 * other frame's MD5 must be equal, and the samples received, after the first pre-skip ones, must
 * start with exactly all the samples of the direct decode.</li>
 * <li>RFC 7587 SDP always says {@code opus/48000/2}, so ffmpeg decodes a mono stream to two
 * channels, each the decoded mono signal. For mono both decodes keep only channel 0 with
 * {@code pan=mono|c0=c0}, a pure channel copy (no arithmetic).</li>
 * </ul>
 */
@Tag("interop")
class OpusInteropTest {
    @TempDir
    Path dir;

    /** Low-rate mono voice settings: libopus codes hybrid (SILK and CELT) frames. */
    @Test
    void shouldDecodeMonoOpusIdenticallyAfterRtp() throws Exception {
        Ffmpeg.assumeAvailable();
        Ffmpeg.ffmpeg(dir, "-f", "lavfi", "-i", "anoisesrc=color=pink:amplitude=0.3:seed=7:sample_rate=48000",
                "-f", "lavfi", "-i", "sine=frequency=330:sample_rate=48000", "-filter_complex", "amix=inputs=2",
                "-t", "2", "-ac", "1", "-c:a", "libopus", "-application", "voip", "-b:a", "24k", "mono.ogg");

        assertSameAudio("mono.ogg", 1, List.of("-af", "pan=mono|c0=c0"));
    }

    /** Full-band stereo at 128 kbit/s: libopus codes CELT frames. */
    @Test
    void shouldDecodeStereoOpusIdenticallyAfterRtp() throws Exception {
        Ffmpeg.assumeAvailable();
        Ffmpeg.ffmpeg(dir, "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-f", "lavfi",
                "-i", "anoisesrc=color=white:amplitude=0.1:seed=3:sample_rate=48000",
                "-filter_complex", "[0][1]amerge=inputs=2", "-t", "2", "-c:a", "libopus", "-b:a", "128k", "stereo.ogg");

        assertSameAudio("stereo.ogg", 2, List.of());
    }

    private void assertSameAudio(String clip, int channels, List<String> decode) throws Exception {
        OggPages ogg = OggPages.read(dir.resolve(clip));
        assertEquals(channels, ogg.channels(), "OpusHead channel count");
        int preSkip = ogg.preSkip();
        assertTrue(preSkip > 0, "libopus writes a pre-skip");

        CliInterop.Outcome outcome = CliInterop.stream(dir, clip, 4, decode, true);

        FrameMd5 reference = outcome.reference();
        FrameMd5 received = outcome.received();
        String context = "; ffmpeg log: " + outcome.receiverLog() + "\n" + outcome.run().transcript();
        for (String key : List.of("media_type", "codec_id", "sample_rate", "channel_layout_name")) {
            assertEquals(reference.header().get(key), received.header().get(key), key + context);
        }
        assertEquals("48000", received.header().get("sample_rate"));
        assertTrue(reference.frames() >= 50, "reference decode has " + reference.frames() + " frames");
        assertEquals(reference.frames(), received.frames(), "every Opus packet decoded" + context);
        int last = reference.frames() - 1;
        assertEquals(reference.hashes().subList(1, last), received.hashes().subList(1, last),
                "decoded frames between the first (pre-skip) and the last (end trimming) differ" + context);

        byte[] direct = Files.readAllBytes(outcome.referencePcm());
        byte[] viaRtp = Files.readAllBytes(outcome.receivedPcm());
        int skipped = preSkip * channels * Short.BYTES;
        assertTrue(viaRtp.length - skipped >= direct.length, "received " + viaRtp.length + " bytes of samples, "
                + "fewer than the pre-skip (" + skipped + ") plus the direct decode (" + direct.length + ")");
        assertArrayEquals(direct, Arrays.copyOfRange(viaRtp, skipped, skipped + direct.length),
                "samples after the pre-skip differ from the direct decode");
    }
}
