package io.salvo.bench;

import io.salvo.packetizer.H264Packetizer;
import io.salvo.packetizer.RtpStream;
import io.salvo.pacer.FrameReleaser;
import io.salvo.pacer.PacerConfig;
import io.salvo.pacer.PriorityClass;
import io.salvo.rtp.RtpPacketList;
import io.salvo.sender.SenderOptions;
import io.salvo.sender.SenderStats;
import io.salvo.sender.SendmmsgSender;
import io.salvo.sender.Transmitter;
import io.salvo.sender.TransmitterConfig;
import io.salvo.sender.TransmitterStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The transmitter end to end, on the benchmark thread: each operation submits one H.264 access
 * unit (Annex B: an access unit delimiter and a {@value #SLICE_BYTES}-byte P slice, FU-A
 * fragmented into equal 1200-byte datagrams by {@link H264Packetizer}) and calls
 * {@link Transmitter#doWork()} until the frame is released: handoff, packetizing, the (unpaced)
 * pacer, per-destination batching and a real {@link SendmmsgSender} over loopback, with GSO
 * ({@code gso}) or without ({@code sendmmsg}), to {@code destinations} receivers that are never
 * read (100 destinations: fan-out). {@code framing=avcc} hands the same NAL units length-prefixed
 * (4-byte lengths, as MP4 samples are) so the packetizer finds them without scanning for start
 * codes: the difference between the two is the cost of the Annex B scan. The {@code packets} counter is datagrams/s (packets x destinations); {@code -prof gc}
 * should show 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class TransmitterBenchmark implements FrameReleaser {
    static final int SLICE_BYTES = 60_000;

    @Param({"sendmmsg", "gso"})
    public String path;

    @Param({"1", "2", "100"})
    public int destinations;

    /** {@code annexb}: start codes, found by scanning; {@code avcc}: 4-byte NAL unit lengths. */
    @Param({"annexb", "avcc"})
    public String framing;

    private DatagramChannel[] receivers;
    private Transmitter transmitter;
    private TransmitterStream stream;
    private ByteBuffer frame;
    private int datagramsPerFrame;
    private long timestamp;
    private boolean released;
    private long incomplete;

    /** Datagrams sent, as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Datagrams {
        public long packets;

        @Setup(Level.Iteration)
        public void reset() {
            packets = 0;
        }
    }

    @Setup
    public void open() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        receivers = new DatagramChannel[destinations];
        InetSocketAddress[] to = new InetSocketAddress[destinations];
        for (int i = 0; i < destinations; i++) {
            receivers[i] = DatagramChannel.open().bind(new InetSocketAddress(loopback, 0));
            receivers[i].setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
            to[i] = (InetSocketAddress) receivers[i].getLocalAddress();
        }
        boolean avcc = switch (framing) {
            case "annexb" -> false;
            case "avcc" -> true;
            default -> throw new IllegalArgumentException("framing must be annexb or avcc, was " + framing);
        };
        frame = avcc ? lengthPrefixed(accessUnit(SLICE_BYTES)) : accessUnit(SLICE_BYTES);
        int lengthSize = avcc ? 4 : 0;
        RtpStream rtp = RtpStream.builder(96, 90_000).ssrc(0x5A17_0002L).build();
        RtpPacketList probe = new RtpPacketList();
        datagramsPerFrame = destinations * H264Packetizer.builder(RtpStream.builder(96, 90_000).build())
                .nalLengthSize(lengthSize).build().packetize(frame, 0, frame.capacity(), 0, false, probe);
        SendmmsgSender sender = SendmmsgSender.open(new InetSocketAddress(loopback, 0), null,
                new SenderOptions().gso(path.equals("gso")));
        transmitter = Transmitter.create(sender, TransmitterConfig.builder()
                .pacer(PacerConfig.builder().unpaced().build()).build());
        stream = transmitter.addStream("video", H264Packetizer.builder(rtp).nalLengthSize(lengthSize).build(), PriorityClass.VIDEO, to);
    }

    @Benchmark
    public int sendFrame(Datagrams counter) {
        released = false;
        timestamp += 3000;
        if (!transmitter.submit(stream, frame, 0, frame.capacity(), timestamp, false, 0, this)) {
            throw new IllegalStateException("submission refused");
        }
        while (!released) {
            transmitter.doWork();
        }
        counter.packets += datagramsPerFrame;
        return datagramsPerFrame;
    }

    @Override
    public void released(ByteBuffer buffer, long tag, boolean allSent) {
        released = true;
        if (!allSent) {
            incomplete++;
        }
    }

    @TearDown
    public void close() throws IOException {
        // no Transmitter.stats() here: its histogram copy would count as allocation in the last iteration
        SenderStats sent = transmitter.sender().stats();
        long runs = sent.gsoRuns();
        long fallbacks = sent.gsoFallbacks();
        long errors = sent.errors();
        transmitter.close();
        for (DatagramChannel receiver : receivers) {
            receiver.close();
        }
        if (incomplete != 0 || errors != 0 || (runs > 0) != path.equals("gso") || fallbacks != 0) {
            throw new IllegalStateException(path + ": frames not sent whole as expected: " + incomplete
                    + " incomplete, " + sent);
        }
    }

    /** The access unit's two NAL units (4-byte start codes) with each start code replaced by the unit's length. */
    static ByteBuffer lengthPrefixed(ByteBuffer annexB) {
        int audLength = 2;
        int sliceLength = annexB.capacity() - 4 - audLength - 4;
        ByteBuffer unit = ByteBuffer.allocateDirect(annexB.capacity());
        unit.putInt(audLength).put(annexB.slice(4, audLength));
        unit.putInt(sliceLength).put(annexB.slice(4 + audLength + 4, sliceLength));
        return unit.clear();
    }

    /** An Annex B access unit: delimiter, then a P slice of {@code sliceBytes} random emulation-safe bytes. */
    static ByteBuffer accessUnit(int sliceBytes) {
        byte[] aud = {0, 0, 0, 1, 0x09, (byte) 0xF0};
        byte[] sliceHeader = {0, 0, 0, 1, 0x41};
        ByteBuffer unit = ByteBuffer.allocateDirect(aud.length + sliceHeader.length + sliceBytes);
        unit.put(aud).put(sliceHeader);
        Random random = new Random(8);
        int zeros = 0;
        for (int i = 0; i < sliceBytes - 1; i++) {
            int b = random.nextInt(256);
            if (zeros >= 2 && b <= 3) {
                b = 3; // emulation prevention: never 00 00 0x
            }
            unit.put((byte) b);
            zeros = b == 0 ? zeros + 1 : 0;
        }
        unit.put((byte) 0x80); // rbsp_stop_one_bit
        return unit.clear();
    }
}
