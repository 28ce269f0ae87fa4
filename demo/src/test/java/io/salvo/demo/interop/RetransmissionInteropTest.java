package io.salvo.demo.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.demo.media.Ffmpeg;
import io.salvo.demo.media.MediaSource;
import io.salvo.demo.stream.BundledSample;
import io.salvo.demo.stream.MediaSources;
import io.salvo.demo.stream.Packetizers;
import io.salvo.demo.stream.StreamSession;
import io.salvo.packetizer.Packetizer;
import io.salvo.packetizer.RtpStream;
import io.salvo.sender.NetworkNamespace;
import io.salvo.sender.RetransmissionConfig;
import io.salvo.sender.RtcpConfig;
import io.salvo.sender.TransmitterStats;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loss repaired for a real receiver: in a network namespace where nftables drops 3 % of the
 * packets arriving at the receiver's RTP port after the first ten, resends included (this kernel
 * has no netem; nftables also counts exactly what it dropped), GStreamer's rtpbin NACKs what it misses and
 * salvo resends it, as RTX or as the original packets. The receiver must decode the bundled H.264
 * clip frame-exact (the MD5 of every frame equal to ffmpeg's decode of the file), which the same
 * run without retransmission does not.
 *
 * <p>rtpbin sends a NACK early once and repeats it only with its regular RTCP, about every half
 * second; a packet whose resend is lost too is asked for again that much later. So the receiver
 * waits 1.5 s for lost packets and salvo keeps 3 s of history (its default, 1 s, suits receivers
 * that repeat NACKs every RTT, as libwebrtc's do). The clip plays in real time: faster, rtpbin's
 * clock-skew estimate resets its base time and it then discards late RTX packets ("backward
 * timestamps: ignore rtx packet") though it takes late original ones.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RetransmissionInteropTest {
    private static final int RTP_PORT = 5004;
    private static final int SALVO_PORT = 6000;
    private static final int RTX_PT = 97;
    /** The media's first sequence number: no wrap in the clip's 720 packets; RTX numbers start at 5000. */
    private static final int FIRST_SEQUENCE = 1000;

    @TempDir
    Path dir;
    private List<String> reference;

    /** What a lossy run came to. */
    private record Run(List<String> frames, String receiverCounts, long dropped, TransmitterStats sender) {
    }

    @BeforeEach
    void decodeTheSourceDirectly() throws Exception {
        GstNackReceiver.assumeAvailable();
        Nftables.assumeAvailable();
        Ffmpeg.assumeAvailable();
        Ffmpeg.ffmpeg(dir, "-i", BundledSample.path().toString(), "-f", "framemd5", "-pix_fmt", "yuv420p", "ref.md5");
        reference = FrameMd5.read(dir.resolve("ref.md5")).hashes();
        assertEquals(240, reference.size());
    }

    @Test
    void shouldDecodeFrameExactThroughThreePercentLossWithRtx() throws Exception {
        Run run = lossyRun(RetransmissionConfig.rtx(RTX_PT).rtxFirstSequenceNumber(5000)
                .minHistory(3, TimeUnit.SECONDS).build(), true, RTX_PT);
        report("RTX", run);
        assertEquals(0, differing(run.frames()), "every frame decoded, bit-exact, through the loss");
        assertTrue(run.dropped() > 0, "nftables dropped packets");
        assertTrue(run.sender().resendsSent() > 0);
        assertTrue(GstNackReceiver.count(run.receiverCounts(), "num-rtx-assoc-packets") > 0, run.receiverCounts());
    }

    @Test
    void shouldDecodeFrameExactThroughThreePercentLossResendingTheOriginalPackets() throws Exception {
        Run run = lossyRun(RetransmissionConfig.original().minHistory(3, TimeUnit.SECONDS).build(), true, -1);
        report("original packets", run);
        assertEquals(0, differing(run.frames()), "every frame decoded, bit-exact, through the loss");
        assertTrue(run.sender().resendsSent() > 0);
    }

    @Test
    void shouldLoseFramesThroughTheSameLossWithoutRetransmission() throws Exception {
        Run run = lossyRun(RetransmissionConfig.off(), false, -1);
        report("no retransmission", run);
        assertTrue(run.dropped() > 0);
        assertTrue(differing(run.frames()) > 0, "without repair the loss shows in the decoded frames");
        assertEquals(0, run.sender().resendsSent());
    }

    /** Frames that differ from the source's, missing ones included. */
    private long differing(List<String> frames) {
        long differ = Math.abs(reference.size() - frames.size());
        for (int i = 0; i < Math.min(reference.size(), frames.size()); i++) {
            if (!reference.get(i).equals(frames.get(i))) {
                differ++;
            }
        }
        return differ;
    }

    private void report(String mode, Run run) {
        TransmitterStats s = run.sender();
        System.out.printf("%s: nftables dropped %d of %d packets; %d NACKed, %d resent, refused %d too soon, %d over "
                        + "the rate, %d not in the history; frames decoded %d, %d differ from the source; receiver: %s%n",
                mode, run.dropped(), s.sent() - s.resendsSent(), s.nackedPackets(), s.resendsSent(), s.resendTooSoon(),
                s.resendRateLimited(), s.resendNotInHistory(), run.frames().size(), differing(run.frames()),
                run.receiverCounts());
    }

    private Run lossyRun(RetransmissionConfig retransmission, boolean nack, int rtxPayloadType) throws Exception {
        try (NetworkNamespace namespace = NetworkNamespace.create()) {
            namespace.exec("nft", "add", "table", "inet", "lossy");
            namespace.exec("nft", "add", "chain", "inet", "lossy", "in", "{ type filter hook input priority 0; }");
            // not the stream's first 10 packets: no receiver can ask for what came before the first it got
            namespace.exec("nft", "add", "rule", "inet", "lossy", "in", "udp", "dport", String.valueOf(RTP_PORT),
                    "@th,80,16", ">=", String.valueOf(FIRST_SEQUENCE + 10),
                    "numgen", "random", "mod", "100", "<", "3", "counter", "drop");
            GstNackReceiver receiver = GstNackReceiver.start(dir, RTP_PORT, SALVO_PORT + 1, nack, rtxPayloadType,
                    c -> namespace.commandInside(c.toArray(new String[0])));
            try {
                StreamSession.Result result = namespace.inside(() -> stream(retransmission));
                String counts = receiver.finish();
                Matcher m = Pattern.compile("counter packets (\\d+) bytes").matcher(namespace.output("nft", "list",
                        "ruleset"));
                assertTrue(m.find());
                return new Run(receiver.frameHashes(), counts, Long.parseLong(m.group(1)), result.transmitter());
            } finally {
                receiver.close();
            }
        }
    }

    private static StreamSession.Result stream(RetransmissionConfig retransmission) throws Exception {
        try (MediaSource source = MediaSources.open(BundledSample.path(), 30)) {
            RtpStream stream = RtpStream.builder(96, 90_000).firstSequenceNumber(FIRST_SEQUENCE).build();
            Packetizer packetizer = Packetizers.create(source, stream, Packetizer.DEFAULT_MAX_DATAGRAM_SIZE, 1);
            List<InetSocketAddress> to = List.of(new InetSocketAddress("127.0.0.1", RTP_PORT));
            StreamSession session = new StreamSession(source, packetizer, new StreamSession.Options(to, 1.0, false, 1,
                    0, "hybrid", RtcpConfig.builder().build(), retransmission, SALVO_PORT,
                    TimeUnit.SECONDS.toNanos(2))); // the last packets' NACKs are answered before the BYE
            try {
                return session.play();
            } finally {
                session.close();
            }
        }
    }
}
