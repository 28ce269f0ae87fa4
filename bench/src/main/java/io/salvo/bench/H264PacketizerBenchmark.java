package io.salvo.bench;

import io.salvo.packetizer.H264Packetizer;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Packetizes a realistic H.264 mix (Annex B or AVCC, 1200-byte datagrams): per 60 frames one 300 KB IDR
 * access unit (AUD, SPS, PPS, IDR slice) and 59 P frames of 20 KB (AUD, slice), with emulation-
 * prevented random slice data so the start-code scan sees real-looking bytes. The sink recycles
 * packets ({@link RtpPacketList#clear()}), so steady state allocates nothing.
 *
 * <p>Throughput is reported per frame ({@code ops/s}) and per packet (the {@code packets}
 * counter, in packets/s); {@code -prof gc} gives {@code gc.alloc.rate.norm} per frame.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class H264PacketizerBenchmark {
    private static final int FRAMES = 60;
    private static final int IDR_SIZE = 300 * 1024;
    private static final int P_SIZE = 20 * 1024;

    @Param({"true", "false"})
    public boolean equalFragments;

    /** {@code annexb}: start codes, scanned; {@code avcc}: 4-byte length prefixes (no scan). */
    @Param({"annexb", "avcc"})
    public String input;

    private ByteBuffer stream;
    private final int[] offsets = new int[FRAMES];
    private final int[] lengths = new int[FRAMES];
    private H264Packetizer packetizer;
    private RtpPacketList sink;
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
        stream = ByteBuffer.allocateDirect(IDR_SIZE + (FRAMES - 1) * P_SIZE + FRAMES * 64);
        int at = 0;
        for (int i = 0; i < FRAMES; i++) {
            offsets[i] = at;
            at = putStartCode(at, 0x09);
            stream.put(at++, (byte) 0xF0);
            if (i == 0) {
                at = putStartCode(at, 0x67);
                at = put(at, 0x64, 0x00, 0x28, 0xAC, 0xD9, 0x40, 0x78, 0x02, 0x27, 0xE5, 0x84);
                at = putStartCode(at, 0x68);
                at = put(at, 0xEB, 0xE3, 0xCB, 0x22, 0xC0);
            }
            at = putStartCode(at, i == 0 ? 0x65 : 0x41);
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
        boolean avcc = input.equals("avcc");
        if (avcc) {
            toLengthPrefixed();
        }
        RtpStream rtp = RtpStream.builder(96, 90_000).ssrc(1).build();
        packetizer = H264Packetizer.builder(rtp).equalFragments(equalFragments).nalLengthSize(avcc ? 4 : 0).build();
        sink = new RtpPacketList();
        for (int i = 0; i < FRAMES; i++) { // fill the pool
            packetizer.packetize(stream, offsets[i], lengths[i], i * 3000L, i == 0, sink);
            sink.clear();
        }
    }

    /** Rewrites each 4-byte start code as the big-endian length of the NAL unit after it. */
    private void toLengthPrefixed() {
        for (int i = 0; i < FRAMES; i++) {
            int end = offsets[i] + lengths[i];
            int code = offsets[i];
            while (code < end) {
                int next = code + 4;
                while (next < end && stream.getInt(next) != 1) {
                    next++;
                }
                stream.putInt(code, next - code - 4);
                code = next;
            }
        }
    }

    private int putStartCode(int at, int nalHeader) {
        return put(at, 0, 0, 0, 1, nalHeader);
    }

    private int put(int at, int... bytes) {
        for (int b : bytes) {
            stream.put(at++, (byte) b);
        }
        return at;
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
}
