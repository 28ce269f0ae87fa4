package io.salvo.demo.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.demo.media.MediaSource;
import io.salvo.demo.stream.BundledSample;
import io.salvo.demo.stream.MediaSources;
import io.salvo.demo.stream.Packetizers;
import io.salvo.demo.stream.StreamSession;
import io.salvo.packetizer.Packetizer;
import io.salvo.packetizer.RtpStream;
import io.salvo.rtp.RtpPacketView;
import io.salvo.rtp.RtpParseError;
import io.salvo.sender.NetworkNamespace;
import io.salvo.sender.RemoteReceiverReport;
import io.salvo.sender.RetransmissionConfig;
import io.salvo.sender.RtcpConfig;
import io.salvo.sender.RtcpStats;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * salvo's RTCP judged by GStreamer's {@code rtpbin}: it takes salvo's Sender Reports (whose
 * counts must be exactly what had left for it), and its receiver reports come back and are read
 * by salvo (round-trip time, loss), on loopback and through a lossy link.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RtcpInteropTest {
    private static final long SSRC = 0x5A1F_0C0DL;

    @TempDir
    Path dir;

    @Test
    void shouldGiveRtpbinSenderReportsWithExactCountsAndReadItsReceiverReports() throws Exception {
        GstRtpBin.assumeAvailable();
        int gstPort = LoopbackPorts.freePair();
        int salvoPort = LoopbackPorts.freePair();
        StreamSession.Result result;
        List<GstRtpBin.Source> seen;
        TreeMap<Integer, Integer> payloadBySequence = new TreeMap<>();
        try (GstRtpBin gst = GstRtpBin.start(dir, gstPort, salvoPort + 1, Function.identity());
             DatagramCollector copy = new DatagramCollector()) {
            result = stream(List.of(address(gstPort), address(copy.port())), salvoPort, 1.0, 1);
            Thread.sleep(1500); // rtpbin's next stats and reports
            seen = gst.sources();
            RtpPacketView view = new RtpPacketView();
            for (byte[] datagram : copy.datagrams()) {
                if (view.wrap(ByteBuffer.wrap(datagram), 0, datagram.length) == RtpParseError.OK
                        && view.header().payloadType() == 96) {
                    payloadBySequence.put(view.header().sequenceNumber(), view.payloadLength());
                }
            }
        }
        assertEquals(720, payloadBySequence.size(), "the copy got every packet");
        long[] prefix = new long[payloadBySequence.size() + 1];
        int i = 0;
        for (int payload : payloadBySequence.values()) { // the stream starts at 1000: no wrap
            prefix[i + 1] = prefix[i] + payload;
            i++;
        }

        List<GstRtpBin.Source> reports = seen.stream().filter(s -> s.ssrc() == SSRC && s.haveSr()).toList();
        assertFalse(reports.isEmpty(), "rtpbin saw no Sender Report");
        long distinct = reports.stream().map(GstRtpBin.Source::srPacketCount).distinct().count();
        assertTrue(distinct >= 3, "rtpbin saw " + distinct + " different SRs");
        for (GstRtpBin.Source r : reports) { // the first SR leaves before the first packet: counts 0
            assertTrue(r.srPacketCount() >= 0 && r.srPacketCount() <= 720, "SR packet count " + r.srPacketCount());
            assertEquals(prefix[(int) r.srPacketCount()], r.srOctetCount(),
                    "the SR's octet count is the payload of exactly its first " + r.srPacketCount() + " packets");
        }
        GstRtpBin.Source last = seen.stream().filter(s -> s.ssrc() == SSRC).reduce((a, b) -> b).orElseThrow();
        assertEquals(720, last.packetsReceived(), "rtpbin received every packet");

        RtcpStats rtcp = result.rtcp();
        assertEquals(1, rtcp.receivers().size(), "rtpbin reported, the copy never does: " + rtcp);
        RemoteReceiverReport rr = rtcp.receivers().get(0);
        assertTrue(rr.reports() >= 1, rr.toString());
        assertTrue(rr.roundTripMillis() > 0 && rr.roundTripMillis() < 50, "RTT " + rr.roundTripMillis() + " ms");
        assertEquals(0, rr.fractionLost(), rr.toString());
        // rtpbin counts its first (probation) packet as received but not as expected: it reports -1, never more
        assertTrue(rr.cumulativeLost() <= 0 && rr.cumulativeLost() >= -1, rr.toString());
        assertEquals(0, result.transmitter().dropped());
    }

    /**
     * A lossy link: this kernel has no netem, so the loss is made by nftables in a network
     * namespace ({@code numgen random mod 100 < 5 counter drop} on the RTP port), which also counts
     * exactly what it dropped.
     */
    @Test
    void shouldReportTheLossOfALossyLinkFromRtpbinsReceiverReports() throws Exception {
        GstRtpBin.assumeAvailable();
        Nftables.assumeAvailable();
        try (NetworkNamespace namespace = NetworkNamespace.create()) {
            int gstPort = 5004;
            int salvoPort = 6000;
            namespace.exec("nft", "add", "table", "inet", "lossy");
            // on input, where the sender cannot see it (a drop on output fails the send with EPERM)
            namespace.exec("nft", "add", "chain", "inet", "lossy", "in", "{ type filter hook input priority 0; }");
            namespace.exec("nft", "add", "rule", "inet", "lossy", "in", "udp", "dport", String.valueOf(gstPort),
                    "numgen", "random", "mod", "100", "<", "5", "counter", "drop");
            StreamSession.Result result;
            try (GstRtpBin gst = GstRtpBin.start(dir, gstPort, salvoPort + 1,
                    c -> namespace.commandInside(c.toArray(new String[0])))) {
                result = namespace.inside(() -> stream(List.of(address(gstPort)), salvoPort, 2.0, 3));
                Thread.sleep(1500);
            }
            Matcher m = Pattern.compile("counter packets (\\d+) bytes").matcher(namespace.output("nft", "list", "ruleset"));
            assertTrue(m.find());
            long sent = result.transmitter().sent();
            double dropped = Long.parseLong(m.group(1)) * 100.0 / sent;

            RemoteReceiverReport rr = result.rtcp().receivers().get(0);
            assertTrue(rr.reports() >= 3, rr.toString());
            // salvo lingers for a report of the last packet, but rtpbin reports every 2.5 to 7.5 s (5 s randomized)
            assertTrue(rr.packetsExpected() >= sent * 9 / 10, "the last report covers most of the stream: " + rr);
            assertEquals(dropped, rr.lossPercent(), 2.0,
                    "nftables dropped " + m.group(1) + " of " + sent + " RTP packets; rtpbin reported " + rr);
            assertTrue(dropped > 2.5 && dropped < 7.5, "5 % random loss: " + dropped);
        }
    }

    private static InetSocketAddress address(int port) {
        return new InetSocketAddress(LoopbackPorts.LOOPBACK, port);
    }

    /** Streams the bundled sample through a StreamSession with RTCP from {@code localPort} + 1. */
    private static StreamSession.Result stream(List<InetSocketAddress> to, int localPort, double speed, int loops)
            throws Exception {
        try (MediaSource source = MediaSources.open(BundledSample.path(), 30)) {
            RtpStream stream = RtpStream.builder(96, 90_000).ssrc(SSRC).firstSequenceNumber(1000).build();
            Packetizer packetizer = Packetizers.create(source, stream, Packetizer.DEFAULT_MAX_DATAGRAM_SIZE, 1);
            StreamSession session = new StreamSession(source, packetizer, new StreamSession.Options(to, speed, false,
                    loops, 0, "hybrid", RtcpConfig.builder().cname("salvo@interop").build(), RetransmissionConfig.off(),
                    localPort,
                    TimeUnit.SECONDS.toNanos(8)));
            try {
                return session.play();
            } finally {
                session.close();
            }
        }
    }
}
