package io.salvo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.salvo.demo.media.MediaFrame;
import io.salvo.demo.media.MediaSource;
import io.salvo.demo.stream.MediaSources;
import io.salvo.demo.stream.Packetizers;
import io.salvo.pacer.FrameReleaser;
import io.salvo.pacer.PacerConfig;
import io.salvo.pacer.PriorityClass;
import io.salvo.packetizer.Packetizer;
import io.salvo.packetizer.RtpStream;
import io.salvo.rtp.OutputMessage;
import io.salvo.rtp.OutputVector;
import io.salvo.rtp.RtpPacketList;
import io.salvo.sender.SenderStats;
import io.salvo.sender.SendmmsgSender;
import io.salvo.sender.Transmitter;
import io.salvo.sender.RtcpConfig;
import io.salvo.sender.TransmitterConfig;
import io.salvo.sender.TransmitterStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The packetizers and the sender cooperate on UDP GSO: real encoder output (ffmpeg, 640x360,
 * key frames every 4) is packetized into 1200-byte datagrams, and every fragmented unit (an
 * H.264/H.265 NAL unit cut into FU packets; a whole VP8/VP9 frame or AV1 temporal unit) must be
 * all equal datagrams but a last one no longer; then the same frames go through a {@link
 * Transmitter} with a real {@link SendmmsgSender} to two loopback receivers, and each frame must
 * take no more {@code mmsghdr}s per destination than one GSO run per unit (or the fewest runs the
 * 64-segment and 65,000-byte limits allow), with every datagram arriving at both receivers at its
 * size. Opus never fragments: one datagram per packet.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PacketizerGsoRunsTest {
    private static final int MAX_DATAGRAM = 1200;
    private static final int MAX_SEGMENTS = 64;
    private static final int MAX_RUN_BYTES = 65_000;
    private static final String VIDEO = "testsrc2=size=640x360:rate=30";

    /** A codec, how ffmpeg makes a small file of it, and where its fragmented units begin and end. */
    enum Media {
        H264("a.h264", "-f", "lavfi", "-i", VIDEO, "-frames:v", "8", "-c:v", "libx264", "-crf", "10", "-g", "4",
                "-bf", "0", "-x264-params", "slices=4", "-f", "h264"),
        H265("a.h265", "-f", "lavfi", "-i", VIDEO, "-frames:v", "8", "-c:v", "libx265", "-crf", "10", "-g", "4",
                "-bf", "0", "-x265-params", "slices=2:log-level=error", "-f", "hevc"),
        VP8("a.ivf", "-f", "lavfi", "-i", VIDEO, "-frames:v", "8", "-c:v", "libvpx", "-b:v", "4M", "-g", "4",
                "-f", "ivf"),
        VP9("a.ivf", "-f", "lavfi", "-i", VIDEO, "-frames:v", "8", "-c:v", "libvpx-vp9", "-b:v", "4M", "-g", "4",
                "-deadline", "realtime", "-cpu-used", "8", "-f", "ivf"),
        AV1("a.ivf", "-f", "lavfi", "-i", VIDEO, "-frames:v", "8", "-c:v", "libaom-av1", "-usage", "realtime",
                "-cpu-used", "8", "-b:v", "4M", "-g", "4", "-f", "ivf"),
        OPUS("a.ogg", "-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-c:a", "libopus", "-b:a", "64k");

        final String file;
        final String[] arguments;

        Media(String file, String... arguments) {
            this.file = file;
            this.arguments = arguments;
        }

        /**
         * Splits one frame's datagrams into units: H.264/H.265 FU packets from start (S) to end
         * (E) bit, every other NAL-unit packet alone; for the frame-based codecs the whole frame.
         *
         * @return the number of datagrams of each unit, in order
         */
        List<Integer> units(List<byte[]> datagrams) {
            List<Integer> units = new ArrayList<>();
            if (this != H264 && this != H265) {
                units.add(datagrams.size());
                return units;
            }
            int open = 0;
            for (byte[] datagram : datagrams) {
                int at = rtpHeaderLength(datagram);
                int type = this == H264 ? datagram[at] & 0x1F : (datagram[at] >> 1) & 0x3F;
                boolean fragment = this == H264 ? type == 28 : type == 49;  // FU-A, FU
                if (!fragment) {
                    units.add(1);
                    continue;
                }
                int fuHeader = datagram[at + (this == H264 ? 1 : 2)];
                open++;
                if ((fuHeader & 0x40) != 0) {                              // E: the NAL unit's last fragment
                    units.add(open);
                    open = 0;
                }
            }
            assertEquals(0, open, "a NAL unit's fragments never ended");
            return units;
        }
    }

    @ParameterizedTest
    @EnumSource(Media.class)
    void shouldSendEachFragmentedUnitAsOneGsoRunPerDestination(Media media, @TempDir Path dir) throws Exception {
        Path file = encode(media, dir);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        DatagramChannel a = receiver(loopback);
        DatagramChannel b = receiver(loopback);
        SendmmsgSender sender = SendmmsgSender.open(new InetSocketAddress(loopback, 0));
        if (!sender.gsoEnabled()) {
            sender.close();
            a.close();
            b.close();
            Assumptions.abort("UDP GSO unsupported by this kernel");
        }
        // no RTCP: its reports would go through the same sender and blur the count of mmsghdrs per frame
        Transmitter transmitter = Transmitter.create(sender, TransmitterConfig.builder().rtcp(RtcpConfig.disabled())
                .pacer(PacerConfig.builder().unpaced().build()).maxBatch(1024).build());
        try (MediaSource source = MediaSources.open(file, 30); a; b) {
            Packetizer reference = Packetizers.create(source, stream(source), MAX_DATAGRAM, 1);
            TransmitterStream stream = transmitter.addStream(media.name(),
                    Packetizers.create(source, stream(source), MAX_DATAGRAM, 1), PriorityClass.VIDEO,
                    (InetSocketAddress) a.getLocalAddress(), (InetSocketAddress) b.getLocalAddress());
            Released released = new Released();
            RtpPacketList packets = new RtpPacketList();
            MediaFrame frame = new MediaFrame();
            int frames = 0;
            int fragmentedUnits = 0;
            while (source.next(frame)) {
                packets.clear();
                reference.packetize(frame.buffer, frame.offset, frame.length, frame.pts, frame.keyframe, packets);
                List<byte[]> datagrams = new ArrayList<>();
                for (int i = 0; i < packets.size(); i++) {
                    datagrams.add(bytesOf(packets.get(i).message()));
                }
                int fewestRuns = 0;
                int at = 0;
                for (int count : media.units(datagrams)) {
                    int size = datagrams.get(at).length;
                    for (int k = 0; k < count; k++) {
                        int length = datagrams.get(at + k).length;
                        if (k < count - 1 ? length != size : length > size) {
                            fail(media + " frame " + frames + ": unit of " + count + " datagrams at " + at
                                    + " is not equal-but-the-last: " + lengths(datagrams, at, count));
                        }
                    }
                    fewestRuns += (count + perRun(size) - 1) / perRun(size);
                    fragmentedUnits += count > 1 ? 1 : 0;
                    at += count;
                }

                long headersBefore = headers(sender.stats());
                released.done = false;
                assertTrue(transmitter.submit(stream, frame.buffer, frame.offset, frame.length, frame.pts,
                        frame.keyframe, frames, released));
                while (!released.done) {
                    transmitter.doWork();
                }
                long headers = headers(sender.stats()) - headersBefore;

                assertTrue(released.allSent, media + " frame " + frames + " was not sent whole");
                assertTrue(headers <= 2L * fewestRuns, media + " frame " + frames + " took " + headers
                        + " mmsghdrs for 2 destinations, more than 2 x " + fewestRuns + " runs: "
                        + lengths(datagrams, 0, datagrams.size()));
                assertArrivals(a, datagrams, media, frames);
                assertArrivals(b, datagrams, media, frames);
                frames++;
            }
            assertTrue(frames >= (media == Media.OPUS ? 40 : 8), "only " + frames + " frames read");
            assertEquals(0, sender.stats().gsoFallbacks());
            if (media == Media.OPUS) {
                assertEquals(0, sender.stats().gsoRuns(), "Opus packets are single datagrams");
            } else {
                assertTrue(fragmentedUnits >= 8, "too few fragmented units to show anything: " + fragmentedUnits);
                assertTrue(sender.stats().gsoRuns() > 0, sender.stats().toString());
            }
        } finally {
            transmitter.close();
        }
    }

    /** Datagrams of {@code size} bytes one GSO run can carry. */
    private static int perRun(int size) {
        return Math.max(1, Math.min(MAX_SEGMENTS, MAX_RUN_BYTES / size));
    }

    /** The mmsghdrs a sender has handed to the kernel: each GSO run once, each other datagram once. */
    private static long headers(SenderStats stats) {
        return stats.gsoRuns() + stats.datagrams() - stats.gsoSegments();
    }

    private static void assertArrivals(DatagramChannel receiver, List<byte[]> datagrams, Media media, int frame)
            throws IOException {
        ByteBuffer into = ByteBuffer.allocate(65536);
        for (int i = 0; i < datagrams.size(); i++) {
            into.clear();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (receiver.receive(into) == null) {
                if (System.nanoTime() > deadline) {
                    fail(media + " frame " + frame + ": datagram " + i + " of " + datagrams.size() + " never arrived");
                }
                Thread.onSpinWait();
            }
            assertEquals(datagrams.get(i).length, into.position(), media + " frame " + frame + " datagram " + i);
        }
    }

    private static DatagramChannel receiver(InetAddress address) throws IOException {
        DatagramChannel channel = DatagramChannel.open().bind(new InetSocketAddress(address, 0));
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        channel.configureBlocking(false);
        return channel;
    }

    private static RtpStream stream(MediaSource source) {
        return RtpStream.builder(96, source.codec().clockRate()).ssrc(0x6A50_0001L).build();
    }

    private static byte[] bytesOf(OutputMessage message) {
        byte[] bytes = new byte[message.length()];
        int at = 0;
        for (int v = 0; v < message.vectorCount(); v++) {
            OutputVector vector = message.vector(v);
            vector.buffer().get(vector.offset(), bytes, at, vector.length());
            at += vector.length();
        }
        return bytes;
    }

    /** RTP fixed header, CSRCs and header extension (RFC 3550 §5.1, §5.3.1). */
    private static int rtpHeaderLength(byte[] datagram) {
        int length = 12 + 4 * (datagram[0] & 0x0F);
        if ((datagram[0] & 0x10) != 0) {
            length += 4 + 4 * (((datagram[length + 2] & 0xFF) << 8) | (datagram[length + 3] & 0xFF));
        }
        return length;
    }

    private static String lengths(List<byte[]> datagrams, int from, int count) {
        StringBuilder text = new StringBuilder("[");
        for (int i = from; i < from + count; i++) {
            text.append(i > from ? " " : "").append(datagrams.get(i).length);
        }
        return text.append(']').toString();
    }

    /** Makes the test file with ffmpeg; skips without ffmpeg or the encoder, fails instead when CI=true. */
    private static Path encode(Media media, Path dir) throws IOException, InterruptedException {
        Path out = dir.resolve(media.file);
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y"));
        command.addAll(List.of(media.arguments));
        command.add(out.toString());
        String problem;
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            problem = process.waitFor() == 0 && Files.size(out) > 0 ? null : output;
        } catch (IOException e) {
            problem = e.getMessage();
        }
        if (problem != null) {
            String message = "ffmpeg could not make the " + media + " test file: " + problem;
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
        return out;
    }

    /** Remembers that the submitted frame was released, and whether whole. */
    private static final class Released implements FrameReleaser {
        volatile boolean done;
        boolean allSent;

        @Override
        public void released(ByteBuffer frame, long tag, boolean allSent) {
            this.allSent = allSent;
            this.done = true;
        }
    }
}
