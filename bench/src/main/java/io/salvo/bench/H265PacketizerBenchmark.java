package io.salvo.bench;

import io.salvo.packetizer.H265Packetizer;
import io.salvo.packetizer.RtpStream;
import io.salvo.rtp.RtpPacketList;
import java.nio.ByteBuffer;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Packetizes a realistic H.265 Annex B mix into 1200-byte datagrams (the H.265 counterpart of
 * {@link H264PacketizerBenchmark}): per 60 frames one 300 KB IDR access unit (AUD, the VPS, SPS
 * and PPS of an x265 stream, an IDR_W_RADL slice) and 59 TRAIL_R frames of 20 KB (AUD, slice),
 * with emulation-prevented random slice data so the start-code scan sees real-looking bytes. The
 * sink recycles its packets, so steady state allocates nothing ({@code -prof gc}: 0 B/op).
 *
 * <p>Throughput per frame ({@code ops/s}) and per packet (the {@code packets} counter).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class H265PacketizerBenchmark {
    private static final int FRAMES = 60;
    private static final int IDR_SIZE = 300 * 1024;
    private static final int P_SIZE = 20 * 1024;
    private static final int IDR_W_RADL = 19;
    private static final int TRAIL_R = 1;
    private static final int AUD = 35;
    // parameter sets of an x265 640x360 stream (NAL header included)
    private static final int[] VPS = {0x40, 0x01, 0x0C, 0x01, 0xFF, 0xFF, 0x01, 0x60, 0x00, 0x00, 0x03, 0x00, 0x90,
            0x00, 0x00, 0x03, 0x00, 0x00, 0x03, 0x00, 0x3F, 0x92, 0x80, 0x90};
    private static final int[] SPS = {0x42, 0x01, 0x01, 0x01, 0x60, 0x00, 0x00, 0x03, 0x00, 0x90, 0x00, 0x00, 0x03,
            0x00, 0x00, 0x03, 0x00, 0x3F, 0xA0, 0x05, 0x02, 0x01, 0x69, 0x65, 0x92, 0xA4, 0x93, 0x2B, 0xC0, 0x5A, 0x02,
            0x00, 0x00, 0x03, 0x00, 0x02, 0x00, 0x00, 0x03, 0x00, 0x3C, 0x10};
    private static final int[] PPS = {0x44, 0x01, 0xC1, 0x72, 0xB4, 0x42, 0x40};

    private ByteBuffer stream;
    private final int[] offsets = new int[FRAMES];
    private final int[] lengths = new int[FRAMES];
    private H265Packetizer packetizer;
    private final RtpPacketList sink = new RtpPacketList();
    private int frame;

    /** Packets made, as an operations-per-second counter. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long packets;

        @Setup(Level.Iteration)
        public void reset() {
            packets = 0;
        }
    }

    @Setup
    public void setUp() {
        Random random = new Random(1);
        stream = ByteBuffer.allocateDirect(IDR_SIZE + (FRAMES - 1) * P_SIZE + FRAMES * 128);
        int at = 0;
        for (int i = 0; i < FRAMES; i++) {
            offsets[i] = at;
            at = putNal(at, AUD << 1, 0x01, 0x50);
            if (i == 0) {
                at = putNal(at, VPS);
                at = putNal(at, SPS);
                at = putNal(at, PPS);
            }
            at = putNal(at, (i == 0 ? IDR_W_RADL : TRAIL_R) << 1, 0x01);
            int sliceEnd = offsets[i] + (i == 0 ? IDR_SIZE : P_SIZE);
            int zeros = 0;
            while (at < sliceEnd) {
                int b = random.nextInt(256);
                if (zeros >= 2 && b <= 3) {
                    b = 3;
                }
                stream.put(at++, (byte) b);
                zeros = b == 0 ? zeros + 1 : 0;
            }
            stream.put(at - 1, (byte) 0x80); // rbsp_stop_one_bit
            lengths[i] = at - offsets[i];
        }
        packetizer = H265Packetizer.builder(RtpStream.builder(96, 90_000).ssrc(1).build()).build();
        for (int i = 0; i < FRAMES; i++) { // fill the pool
            packetizer.packetize(stream, offsets[i], lengths[i], i * 3000L, i == 0, sink);
            sink.clear();
        }
    }

    /** Packetizes the next frame of the 60-frame loop; one op = one frame. */
    @Benchmark
    public int packetizeFrame(Counters counters) {
        int i = frame;
        frame = i + 1 == FRAMES ? 0 : i + 1;
        int packets = packetizer.packetize(stream, offsets[i], lengths[i], i * 3000L, i == 0, sink);
        sink.clear();
        counters.packets += packets;
        return packets;
    }

    private int putNal(int at, int... bytes) {
        stream.put(at++, (byte) 0).put(at++, (byte) 0).put(at++, (byte) 0).put(at++, (byte) 1);
        for (int b : bytes) {
            stream.put(at++, (byte) b);
        }
        return at;
    }
}
