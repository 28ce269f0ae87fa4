package io.salvo.demo;

import io.salvo.demo.media.MediaSource;
import io.salvo.demo.receive.ReceiveSnapshot;
import io.salvo.demo.receive.RtpReceiver;
import io.salvo.demo.stream.BundledSample;
import io.salvo.demo.stream.MediaSources;
import io.salvo.demo.stream.Packetizers;
import io.salvo.demo.stream.StreamProgress;
import io.salvo.demo.stream.StreamReport;
import io.salvo.demo.stream.StreamSession;
import io.salvo.packetizer.Packetizer;
import io.salvo.packetizer.RtpStream;
import io.salvo.sender.RetransmissionConfig;
import io.salvo.sender.RtcpConfig;
import io.salvo.sender.TransmitterStats;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The no-argument demo: streams the bundled sample in real time over loopback to a receiver in
 * the same process, shows progress, and ends with what was sent and received and how to go on.
 */
final class DemoRun {
    private DemoRun() {
    }

    /** Runs the demo; returns 0 when the receiver saw every packet, 1 otherwise. */
    static int run(PrintWriter out, PrintWriter progressOut, boolean live) throws Exception {
        out.println("salvo demo: streaming the bundled sample (8 s of H.264, 640x360, 30 fps) over RTP on loopback");
        out.println("to a receiver in this process, paced at 2.5 x the media rate. Ctrl-C to stop.");
        out.flush();
        try (RtpReceiver receiver = RtpReceiver.open(InetAddress.getLoopbackAddress(), 0, RtpReceiver.BY_PAYLOAD_TYPE);
             MediaSource source = MediaSources.open(BundledSample.path(), 30)) {
            receiver.start(Duration.ofSeconds(30), Duration.ofSeconds(30));
            InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), receiver.port());
            RtpStream stream = RtpStream.builder(Packetizers.DEFAULT_VIDEO_PT, source.codec().clockRate()).build();
            Packetizer packetizer = Packetizers.create(source, stream, Packetizer.DEFAULT_MAX_DATAGRAM_SIZE, 1);
            // RTCP both ways (the receiver reports back), NACKs answered with RTX; at the end, wait
            // up to 1.5 s for the receiver's report of the last packet before saying BYE
            StreamSession session = new StreamSession(source, packetizer, new StreamSession.Options(List.of(to), 1.0,
                    false, 1, 0, "hybrid", RtcpConfig.builder().build(), RetransmissionConfig.rtx(97).build(), 0,
                    Duration.ofMillis(1500).toNanos()));
            StreamSession.Result result;
            try (StreamProgress progress = new StreamProgress(session, progressOut, live)) {
                result = session.play();
            } finally {
                session.close();
            }
            TransmitterStats sent = result.transmitter();
            receiver.awaitDatagrams(sent.sent(), Duration.ofSeconds(2));
            receiver.stop();
            ReceiveSnapshot received = receiver.snapshot();
            out.print(StreamReport.summary("the bundled sample", List.of(to), result));
            out.printf(Locale.ROOT, "received    %d packets, %d lost, %d frames (marker bits), %.2f Mbit/s, jitter %.3f ms%n",
                    received.packets(), received.lost(), markers(received), received.mbps(), received.maxJitterMillis());
            boolean complete = received.packets() == sent.sent() && received.lost() == 0;
            out.println(complete ? "every packet arrived." : "some packets did not arrive: see above.");
            out.println();
            out.println("next steps:");
            out.println("  java -jar demo/target/salvo.jar --help");
            out.println("  watch it:  java -jar demo/target/salvo.jar stream sample --to 127.0.0.1:5004 --sdp salvo.sdp --loop 100");
            out.println("             ffplay -protocol_whitelist file,udp,rtp salvo.sdp");
            out.println("  receive:   java -jar demo/target/salvo.jar receive --port 5004");
            out.flush();
            return complete ? 0 : 1;
        }
    }

    private static long markers(ReceiveSnapshot snapshot) {
        long total = 0;
        for (var s : snapshot.streams()) {
            total += s.markers();
        }
        return total;
    }
}
