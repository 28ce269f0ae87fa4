package io.salvo.demo.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.demo.media.Ffmpeg;
import io.salvo.demo.stream.BundledSample;
import io.salvo.srtp.SrtpKeys;
import io.salvo.srtp.SrtpProfile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * SRTP from {@code salvo stream} to real receivers, which must decrypt every packet and decode
 * every frame as the file decodes: ffmpeg keyed by nothing but the SDP's {@code a=crypto} line
 * (AES_CM_128_HMAC_SHA1_80, the profile every SDES implementation speaks), and GStreamer's
 * {@code srtpdec} (libsrtp) keyed through its caps (AES-GCM, which ffmpeg lacks, and
 * AES_CM_128_HMAC_SHA1_32), which also decrypts salvo's Sender Reports as SRTCP.
 *
 * <p>Not ffmpeg with AES_CM_128_HMAC_SHA1_32: ffmpeg 5.1 ({@code ff_srtp_set_crypto}) gives that
 * SDES suite a 32-bit SRTCP tag as well, where RFC 4568 and libsrtp keep SRTCP's at 80 bits (only
 * its {@code SRTP_AES128_CM_HMAC_SHA1_32} name gets 80). It decodes the media frame-exact (tried
 * by hand: 238 of 240 frames, the usual tail) but drops salvo's SRTCP, BYE included, so it never
 * ends on it; libsrtp takes both.
 */
@Tag("interop")
class SrtpInteropTest {
    private static final List<String> VIDEO = List.of("-fps_mode", "passthrough");

    @TempDir
    Path dir;

    /**
     * The {@link CliInterop} recipe with {@code --srtp-key} in both runs: the {@code --sdp-only}
     * run writes the key into the SDP, the streaming run encrypts with it, ffmpeg decrypts with
     * what the SDP says.
     */
    @ParameterizedTest
    @EnumSource(value = SrtpProfile.class, names = "AES_CM_128_HMAC_SHA1_80")
    void shouldLetFfmpegDecodeSrtpH264FrameExactFromTheSdpsCryptoLine(SrtpProfile profile) throws Exception {
        Ffmpeg.assumeAvailable();
        Ffmpeg.ffmpeg(dir, "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-t", "2", "-c:v", "libx264",
                "-bf", "2", "-g", "30", "-pix_fmt", "yuv420p", "-f", "h264", "clip.h264");
        SrtpKeys keys = SrtpKeys.random(profile);

        CliInterop.Outcome outcome = CliInterop.stream(dir, "clip.h264", 4, VIDEO, false,
                List.of("--srtp-key", profile.sdpName() + ":inline:" + keys.sdesInline()), keys);

        String sdp = Files.readString(dir.resolve("stream.sdp"), StandardCharsets.US_ASCII);
        assertTrue(Pattern.compile("\r\nm=video \\d+ RTP/SAVPF 96 97\r\n").matcher(sdp).find(), sdp);
        assertTrue(sdp.contains("\r\na=crypto:1 " + profile.sdpName() + " inline:" + keys.sdesInline() + "\r\n"), sdp);
        CliInterop.assertSameVideoFrames(outcome);
        String summary = outcome.run().out();
        assertTrue(summary.contains("\n  srtp      " + profile.sdpName() + " on JDK javax.crypto"), summary);
        assertFalse(summary.contains(keys.sdesInline()), "the summary never shows the key: " + summary);
    }

    /**
     * GStreamer's srtpdec, given the key in its caps, decrypts every packet of the bundled clip
     * (no drop) and the decoder's frames equal ffmpeg's decode of the file; salvo's Sender Reports
     * come out of srtpdec's SRTCP side decrypted.
     */
    @ParameterizedTest
    @EnumSource(value = SrtpProfile.class, names = {"AEAD_AES_128_GCM", "AEAD_AES_256_GCM", "AES_CM_128_HMAC_SHA1_32"})
    void shouldLetGstreamerSrtpdecDecodeSrtpFrameExact(SrtpProfile profile) throws Exception {
        GstSrtpReceiver.assumeAvailable();
        Ffmpeg.assumeAvailable();
        Ffmpeg.ffmpeg(dir, "-i", BundledSample.path().toString(), "-f", "framemd5", "-pix_fmt", "yuv420p", "ref.md5");
        List<String> reference = FrameMd5.read(dir.resolve("ref.md5")).hashes();
        SrtpKeys keys = SrtpKeys.random(profile);
        int port = LoopbackPorts.freePair();

        String counts = null;
        List<String> frames = null;
        SalvoCli.Run run = null;
        // GStreamer's srtpdec has crashed under the receiver once in many runs (SIGSEGV, no verdict):
        // such a run is told and made once more; a crash twice, or any verdict, counts
        for (int attempt = 1; counts == null; attempt++) {
            try (GstSrtpReceiver receiver = GstSrtpReceiver.start(dir, port, CliInterop.SSRC, keys)) {
                run = SalvoCli.run("stream", "sample", "--to", "127.0.0.1:" + port, "--ssrc",
                        Long.toString(CliInterop.SSRC), "--srtp-key", "1 " + profile.sdpName() + " inline:"
                        + keys.sdesInline(), "--speed", "4", "--linger", "0");
                assertEquals(0, run.exitCode(), run::transcript);
                counts = receiver.finish();
                frames = receiver.frameHashes();
            } catch (GstScript.Crashed crashed) {
                if (attempt == 2) {
                    throw crashed;
                }
                System.out.printf("%s: the GStreamer receiver crashed, once more: %s%n", profile.sdpName(),
                        crashed.getMessage());
            }
        }

        System.out.printf("%s to GStreamer srtpdec: %d frames, counts %s%n", profile.sdpName(), frames.size(), counts);
        long sent = Long.parseLong(run.out().replaceAll("(?s).*\n  packets   (\\d+) sent.*", "$1"));
        assertEquals(0, GstNackReceiver.count(counts, "recv-drop-count"), counts);
        assertTrue(GstNackReceiver.count(counts, "rtcp") >= 1, "salvo's SRs decrypted as SRTCP: " + counts);
        assertEquals(sent + GstNackReceiver.count(counts, "rtcp"), GstNackReceiver.count(counts, "recv-count"),
                "every SRTP packet and SRTCP report received and decrypted: " + counts + "\n" + run.transcript());
        assertEquals(reference, frames, "every frame decoded as the file decodes; " + counts + "\n" + run.transcript());
        assertTrue(run.out().contains("\n  srtp      " + profile.sdpName() + " on "), run.out());
    }
}
