package io.salvo.bench;

import io.salvo.packetizer.Av1Packetizer;
import io.salvo.packetizer.OpusPacketizer;
import io.salvo.packetizer.Packetizer;
import io.salvo.packetizer.RtpStream;
import io.salvo.packetizer.Vp8Packetizer;
import io.salvo.packetizer.Vp9Packetizer;
import io.salvo.rtp.RtpPacketList;
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

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Packetizing throughput of the VP8, VP9, AV1 and Opus packetizers, one frame per operation,
 * into a recycling {@link RtpPacketList} (cleared after each frame). Video: a 30-frame group of
 * about 30 KB inter frames and one 10× key frame, with real frame headers; Opus: 100-byte
 * 20 ms packets. The {@code packets} counter gives packets/s; run with {@code -prof gc} for
 * {@code gc.alloc.rate.norm} (0 B/op expected).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VideoPacketizerBenchmark {
    private static final int FRAMES = 30;
    private static final int INTER_FRAME = 30_000;
    private static final int KEY_FRAME = 300_000;

    @Param({"VP8", "VP9", "AV1", "OPUS"})
    public String codec;

    private Packetizer packetizer;
    private final ByteBuffer[] frames = new ByteBuffer[FRAMES];
    private final RtpPacketList sink = new RtpPacketList();
    private int next;
    private long timestamp;

    /** Packets made, reported per second. */
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
        boolean audio = codec.equals("OPUS");
        RtpStream stream = RtpStream.builder(96, audio ? 48_000 : 90_000).build();
        switch (codec) {
            case "VP8":
                packetizer = new Vp8Packetizer(stream);
                break;
            case "VP9":
                packetizer = new Vp9Packetizer(stream);
                break;
            case "AV1":
                packetizer = new Av1Packetizer(stream);
                break;
            default:
                packetizer = new OpusPacketizer(stream);
        }
        for (int i = 0; i < FRAMES; i++) {
            boolean key = i == 0;
            int size = audio ? 100 : (key ? KEY_FRAME : INTER_FRAME - 5_000 + random.nextInt(10_000));
            byte[] content = frame(codec, key, size, random);
            ByteBuffer frame = ByteBuffer.allocateDirect(content.length);
            frame.put(content).clear();
            frames[i] = frame;
            packetizer.packetize(frame, 0, content.length, 0, key, sink); // checks the frame once
            sink.clear();
        }
    }

    @Benchmark
    public int packetize(Counters counters) {
        ByteBuffer frame = frames[next];
        next = next + 1 == FRAMES ? 0 : next + 1;
        timestamp += 3000;
        int packets = packetizer.packetize(frame, 0, frame.capacity(), timestamp, next == 1, sink);
        sink.clear();
        counters.packets += packets;
        return packets;
    }

    private static byte[] frame(String codec, boolean key, int size, Random random) {
        byte[] content = new byte[size];
        random.nextBytes(content);
        byte[] header;
        switch (codec) {
            case "VP8": // frame tag (first partition 256 bytes), key frame start code and 1280x720
                header = key ? hex("10 20 00 9d 01 2a 00 05 d0 02") : hex("11 20 00");
                break;
            case "VP9": // uncompressed header: key frame 1280x720, or inter frame refreshing slot 0
                header = key ? hex("82 49 83 42 40 4f f0 2c f0") : hex("86 00 40 00");
                content[size - 1] = 0; // no trailing byte that looks like a superframe marker
                break;
            case "AV1":
                return av1(key, content);
            default: // TOC: CELT fullband 20 ms, one frame
                header = hex("f8");
        }
        System.arraycopy(header, 0, content, 0, header.length);
        return content;
    }

    private static byte[] av1(boolean key, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(hex("12 00")); // temporal delimiter
        if (key) {
            out.writeBytes(hex("0a 06 00 00 00 44 aa bb")); // sequence header
        }
        payload[0] = (byte) (key ? 0x10 : 0x30); // show_existing_frame 0, frame_type KEY or INTER
        out.write(0x32); // OBU_FRAME with obu_size
        int size = payload.length;
        while (size >= 0x80) {
            out.write(0x80 | (size & 0x7F));
            size >>>= 7;
        }
        out.write(size);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static byte[] hex(String text) {
        String clean = text.replace(" ", "");
        byte[] bytes = new byte[clean.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(clean.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}
