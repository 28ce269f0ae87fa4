package io.salvo.demo.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.salvo.demo.media.AnnexBSource;
import io.salvo.demo.media.Codec;
import io.salvo.demo.media.Ffmpeg;
import io.salvo.demo.media.MediaFrame;
import io.salvo.packetizer.H264Packetizer;
import io.salvo.packetizer.H265Packetizer;
import io.salvo.packetizer.NalUnitPacketizer;
import io.salvo.packetizer.RtpStream;
import io.salvo.packetizer.SdpWriter;
import io.salvo.rtp.RtcpBye;
import io.salvo.rtp.RtpPacketList;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real-decoder interop: a clip made by ffmpeg is read with {@link AnnexBSource}, packetized and
 * sent over loopback; ffmpeg receives it from the SDP that {@link SdpWriter} wrote and decodes it.
 * Every decoded frame's MD5 must equal that of decoding the clip directly, in order; only the
 * last few frames that ffmpeg's decoder holds back when an RTP stream ends may be missing.
 */
@Tag("interop")
class RtpInteropTest {
    /** Frames a receiver may lose at the very end of an RTP stream. */
    private static final int TAIL_ALLOWANCE = 3;
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;

    @Test
    void shouldDecodeH264WithBFramesIdenticallyAfterRtp() throws Exception {
        Ffmpeg.assumeAvailable();
        Ffmpeg.ffmpeg(dir, "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-t", "2", "-c:v", "libx264",
                "-bf", "2", "-g", "30", "-pix_fmt", "yuv420p", "-f", "h264", "clip.h264");

        streamAndCompare(Codec.H264, "clip.h264", 4);
    }

    @Test
    void shouldDecodeKeyframeHeavy1080pH264WithLargeIdrNalsIdenticallyAfterRtp() throws Exception {
        Ffmpeg.assumeAvailable();
        Ffmpeg.ffmpeg(dir, "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=10,noise=alls=5:allf=t", "-t", "1",
                "-c:v", "libx264", "-preset", "veryfast", "-crf", "16", "-x264-params", "keyint=5",
                "-pix_fmt", "yuv420p", "-f", "h264", "big.h264");
        assertTrue(largestKeyframe(Codec.H264, "big.h264") > 256 * 1024, "IDR access units far above 64 KB");

        streamAndCompare(Codec.H264, "big.h264", 1);
    }

    @Test
    void shouldDecodeH265IdenticallyAfterRtp() throws Exception {
        Ffmpeg.assumeAvailable();
        Ffmpeg.ffmpeg(dir, "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-t", "2", "-c:v", "libx265",
                "-x265-params", "log-level=error:keyint=30", "-pix_fmt", "yuv420p", "-f", "hevc", "clip.h265");

        streamAndCompare(Codec.H265, "clip.h265", 4);
    }

    private int largestKeyframe(Codec codec, String file) throws IOException {
        int largest = 0;
        try (AnnexBSource source = new AnnexBSource(dir.resolve(file), codec)) {
            MediaFrame frame = new MediaFrame();
            while (source.next(frame)) {
                largest = frame.keyframe ? Math.max(largest, frame.length) : largest;
            }
        }
        return largest;
    }

    private void streamAndCompare(Codec codec, String file, double speed) throws Exception {
        Ffmpeg.ffmpeg(dir, "-i", file, "-fps_mode", "passthrough", "-f", "framemd5", "reference.md5");
        List<String> reference = Ffmpeg.frameHashes(dir.resolve("reference.md5"));
        assertTrue(reference.size() >= 10, "reference decode has " + reference.size() + " frames");

        int port = freePortPair();
        RtpStream stream = RtpStream.builder(96, 90_000).build();
        NalUnitPacketizer packetizer = codec == Codec.H264 ? H264Packetizer.builder(stream).build()
                : H265Packetizer.builder(stream).build();
        try (AnnexBSource source = new AnnexBSource(dir.resolve(file), codec)) {
            MediaFrame frame = new MediaFrame();
            source.next(frame);
            packetizer.observeParameterSets(frame.buffer, frame.offset, frame.length);
            source.rewind();
            Files.writeString(dir.resolve("stream.sdp"),
                    new SdpWriter(LOOPBACK).sessionName("salvo interop").media(packetizer, port).write(),
                    StandardCharsets.US_ASCII);

            Process receiver = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
                    "-protocol_whitelist", "file,udp,rtp", "-buffer_size", "4194304", "-i", "stream.sdp",
                    "-fps_mode", "passthrough", "-f", "framemd5", "received.md5")
                    .directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("receiver.log").toFile()).start();
            try {
                awaitUdpPortBound(port, receiver);
                try (PacketSender sender = new DatagramChannelSender(new InetSocketAddress(LOOPBACK, port))) {
                    send(source, packetizer, sender, speed);
                }
                sendBye(port + 1, stream.ssrc());
                if (!receiver.waitFor(60, TimeUnit.SECONDS)) {
                    fail("ffmpeg did not end after the RTCP BYE; log: " + log());
                }
            } finally {
                receiver.destroyForcibly();
            }
        }
        List<String> received = Ffmpeg.frameHashes(dir.resolve("received.md5"));
        assertTrue(received.size() >= reference.size() - TAIL_ALLOWANCE, "received " + received.size() + " of "
                + reference.size() + " frames; ffmpeg log: " + log());
        assertTrue(received.size() <= reference.size(), "more frames than the source: " + received.size());
        assertEquals(reference.subList(0, received.size()), received, "decoded frames differ from the source");
    }

    /** Sends every frame, its packets spread over its frame interval divided by {@code speed}. */
    private static void send(AnnexBSource source, NalUnitPacketizer packetizer, PacketSender sender, double speed)
            throws IOException {
        RtpPacketList packets = new RtpPacketList();
        MediaFrame frame = new MediaFrame();
        long intervalNanos = (long) (1e9 / source.frameRate() / speed);
        long start = System.nanoTime();
        while (source.next(frame)) {
            packets.clear();
            packetizer.packetize(frame.buffer, frame.offset, frame.length,
                    packetizer.stream().rtpTimestamp(frame.pts), frame.keyframe, packets);
            long frameStart = start + frame.index * intervalNanos;
            long spacing = intervalNanos * 8 / 10 / Math.max(1, packets.size());
            for (int i = 0; i < packets.size(); i++) {
                waitUntil(frameStart + i * spacing);
                sender.send(packets.get(i));
            }
        }
        waitUntil(start + (frame.index + 2) * intervalNanos);
    }

    private static void waitUntil(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            if (left > 200_000) {
                LockSupport.parkNanos(left - 100_000);
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private static void sendBye(int rtcpPort, long ssrc) throws IOException {
        // ffmpeg ignores RTCP datagrams under 12 bytes: a reason makes the BYE 16 bytes long
        String reason = "end of stream";
        ByteBuffer bye = ByteBuffer.allocate(RtcpBye.length(reason.length()));
        RtcpBye.write(bye, 0, ssrc, reason);
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.send(bye, new InetSocketAddress(LOOPBACK, rtcpPort));
        }
    }

    /** An even port whose successor (RTCP) is free too. */
    private static int freePortPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (DatagramSocket probe = new DatagramSocket(0)) {
                port = probe.getLocalPort() & ~1;
            }
            if (port < 1024 || port > 65530) {
                continue;
            }
            DatagramSocket rtp = null;
            DatagramSocket rtcp = null;
            try {
                rtp = new DatagramSocket(port);
                rtcp = new DatagramSocket(port + 1);
                return port;
            } catch (IOException taken) {
                // try another pair
            } finally {
                if (rtp != null) {
                    rtp.close();
                }
                if (rtcp != null) {
                    rtcp.close();
                }
            }
        }
        throw new IOException("no free UDP port pair");
    }

    /** Polls /proc/net/udp{,6} until a socket is bound to {@code port}. */
    private void awaitUdpPortBound(int port, Process receiver) throws Exception {
        String needle = String.format(Locale.ROOT, ":%04X ", port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (String table : new String[] {"/proc/net/udp", "/proc/net/udp6"}) {
                Path path = Path.of(table);
                if (Files.exists(path)) {
                    for (String line : Files.readAllLines(path)) {
                        String[] columns = line.trim().split("\\s+");
                        if (columns.length > 1 && (columns[1] + " ").contains(needle)) {
                            return;
                        }
                    }
                }
            }
            if (!receiver.isAlive()) {
                fail("ffmpeg exited before binding port " + port + ": " + log());
            }
            Thread.sleep(20);
        }
        fail("ffmpeg did not bind UDP port " + port + " within 20 s: " + log());
    }

    private String log() throws IOException {
        Path log = dir.resolve("receiver.log");
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }
}
