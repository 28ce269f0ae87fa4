package io.salvo.demo.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.demo.media.Ffmpeg;
import io.salvo.sender.DatagramSenders;
import io.salvo.srtp.SrtpKeys;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The interop recipe: ffmpeg decodes a clip directly (the reference), then the {@code salvo}
 * command line, run in this JVM exactly as a user runs it, writes the SDP
 * ({@code salvo stream CLIP --to 127.0.0.1:PORT --sdp stream.sdp --sdp-only}) and streams the
 * clip ({@code salvo stream CLIP --to 127.0.0.1:PORT --speed X}: the transmitter and the
 * sendmmsg sender) to an ffmpeg receiver that decodes from that SDP with the same output options.
 * An RTCP BYE ends the receiver. Options for both runs (e.g. {@code --srtp-key}, which makes the
 * streaming run encrypt with the key the SDP offers) may be added.
 */
final class CliInterop {
    /** Given to both runs, so the SDP and the BYE name the stream that is sent. */
    static final long SSRC = 0x5A17_0C11L;
    /** Frames a receiver may lose at the very end of an RTP stream (ffmpeg's decoder holds some back). */
    static final int TAIL_ALLOWANCE = 3;

    /** Both decodes, with the streaming run that fed the receiver. */
    record Outcome(FrameMd5 reference, FrameMd5 received, Path referencePcm, Path receivedPcm, SalvoCli.Run run,
                   String receiverLog) {
    }

    private CliInterop() {
    }

    /**
     * Streams {@code clip} (in {@code dir}) at {@code speed} times real time and decodes both ways with
     * {@code decode} before each output: {@code framemd5}, and raw {@code s16le} samples when {@code pcm}.
     */
    static Outcome stream(Path dir, String clip, double speed, List<String> decode, boolean pcm) throws Exception {
        return stream(dir, clip, speed, decode, pcm, List.of(), null);
    }

    /**
     * As {@link #stream(Path, String, double, List, boolean)}, with {@code options} added to both
     * salvo runs; {@code srtp}, when not null, are the keys the streams are encrypted with (the
     * BYE that ends the receiver is SRTCP under them).
     */
    static Outcome stream(Path dir, String clip, double speed, List<String> decode, boolean pcm, List<String> options,
                          SrtpKeys srtp) throws Exception {
        Ffmpeg.assumeAvailable();
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            assertTrue(DatagramSenders.nativeAvailable(), "interop must judge the sendmmsg sender, which is off: "
                    + DatagramSenders.nativeUnavailableBecause());
        }
        List<String> referenceCommand = new ArrayList<>(List.of("-i", clip));
        referenceCommand.addAll(outputs(decode, pcm, "reference"));
        Ffmpeg.ffmpeg(dir, referenceCommand.toArray(new String[0]));

        String file = dir.resolve(clip).toString();
        int port = LoopbackPorts.freePair();
        String to = "127.0.0.1:" + port;
        String ssrc = Long.toString(SSRC);
        SalvoCli.Run sdp = SalvoCli.run(withOptions(options, "stream", file, "--to", to, "--ssrc", ssrc,
                "--sdp", dir.resolve("stream.sdp").toString(), "--sdp-only"));
        assertEquals(0, sdp.exitCode(), sdp::transcript);

        SalvoCli.Run run;
        String log;
        try (FfmpegReceiver receiver = FfmpegReceiver.start(dir, "stream.sdp", port, outputs(decode, pcm, "received"))) {
            run = SalvoCli.run(withOptions(options, "stream", file, "--to", to, "--ssrc", ssrc, "--speed",
                    Double.toString(speed)));
            assertEquals(0, run.exitCode(), run::transcript);
            assertEquals("", run.err(), run::transcript);
            receiver.finish(srtp, SSRC);
            log = receiver.log();
        }
        return new Outcome(FrameMd5.read(dir.resolve("reference.md5")), FrameMd5.read(dir.resolve("received.md5")),
                pcm ? dir.resolve("reference.pcm") : null, pcm ? dir.resolve("received.pcm") : null, run, log);
    }

    private static String[] withOptions(List<String> options, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(options);
        return all.toArray(new String[0]);
    }

    private static List<String> outputs(List<String> decode, boolean pcm, String name) {
        List<String> outputs = new ArrayList<>(decode);
        outputs.addAll(List.of("-f", "framemd5", name + ".md5"));
        if (pcm) {
            outputs.addAll(decode);
            outputs.addAll(List.of("-f", "s16le", name + ".pcm"));
        }
        return outputs;
    }

    /**
     * Asserts that the received video decodes to the reference's frames: same frame size, every MD5
     * equal in order, only the last {@link #TAIL_ALLOWANCE} frames may be missing.
     */
    static void assertSameVideoFrames(Outcome outcome) {
        FrameMd5 reference = outcome.reference();
        FrameMd5 received = outcome.received();
        String context = "; ffmpeg log: " + outcome.receiverLog() + "\n" + outcome.run().transcript();
        assertTrue(reference.frames() >= 10, "reference decode has " + reference.frames() + " frames");
        assertEquals(reference.header().get("dimensions"), received.header().get("dimensions"), "frame size" + context);
        assertTrue(received.frames() >= reference.frames() - TAIL_ALLOWANCE, "received " + received.frames() + " of "
                + reference.frames() + " frames" + context);
        assertTrue(received.frames() <= reference.frames(), "more frames than the source: " + received.frames());
        assertEquals(reference.hashes().subList(0, received.frames()), received.hashes(),
                "decoded frames differ from the source" + context);
    }
}
