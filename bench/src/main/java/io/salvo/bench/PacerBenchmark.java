package io.salvo.bench;

import io.salvo.pacer.PacedFrame;
import io.salvo.pacer.PacedPacket;
import io.salvo.pacer.PacedStream;
import io.salvo.pacer.Pacer;
import io.salvo.pacer.PacerConfig;
import io.salvo.pacer.PriorityClass;
import io.salvo.rtp.RtpPacket;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pacer's cost per packet: each operation is one 1 ms tick of a virtual clock in which one
 * frame per stream ({@value #PACKETS} 1200-byte packets in all) is enqueued, the tick begins and
 * every packet is polled out again, so the score (ns/op, one op per packet) is enqueue +
 * share of beginTick + poll. {@code paced}: a fixed 10 Gbit/s rate whose budget lets the whole
 * tick leave; {@code unpaced}: no budget at all. Streams of one class take turns, so more
 * streams exercise the round robin. {@code -prof gc} should show 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(PacerBenchmark.PACKETS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class PacerBenchmark {
    static final int PACKETS = 48;
    private static final long TICK_NANOS = 1_000_000L;
    private static final int DATAGRAM = 1200;

    @Param({"1", "8"})
    public int streams;

    @Param({"paced", "unpaced"})
    public String mode;

    private Pacer pacer;
    private PacedStream[] paced;
    private PacedFrame[] frames;
    private final PacedPacket[] packets = new PacedPacket[PACKETS];
    private final RtpPacket rtp = RtpPacket.allocate(RtpPacket.DEFAULT_SLOT_CAPACITY);
    private long now;
    private long shortTicks;

    @Setup
    public void setUp() {
        if (PACKETS % streams != 0) {
            throw new IllegalArgumentException("streams must divide " + PACKETS);
        }
        PacerConfig config = mode.equals("paced")
                ? PacerConfig.builder().tickNanos(TICK_NANOS).rateBps(10_000_000_000L).build()
                : PacerConfig.builder().unpaced().build();
        pacer = new Pacer(config, (packet, reason) -> {
            throw new IllegalStateException("dropped " + packet + ": " + reason);
        });
        paced = new PacedStream[streams];
        frames = new PacedFrame[streams];
        for (int s = 0; s < streams; s++) {
            paced[s] = pacer.addStream(PriorityClass.VIDEO);
            frames[s] = new PacedFrame();
        }
        for (int i = 0; i < PACKETS; i++) {
            packets[i] = new PacedPacket();
        }
    }

    @Benchmark
    public int tick() {
        now += TICK_NANOS;
        int perStream = PACKETS / streams;
        for (int s = 0; s < streams; s++) {
            PacedFrame frame = frames[s].reset(now, null, 0, null);
            for (int k = 0; k < perStream; k++) {
                pacer.enqueue(packets[s * perStream + k].reset(paced[s], frame, rtp, DATAGRAM, 1), now);
            }
        }
        pacer.beginTick(now);
        int polled = 0;
        while (pacer.poll() != null) {
            polled++;
        }
        if (polled != PACKETS) {
            shortTicks++;
        }
        return polled;
    }

    @TearDown
    public void check() {
        if (shortTicks != 0 || pacer.queuedPackets() != 0) {
            throw new IllegalStateException(shortTicks + " ticks did not let every packet leave");
        }
    }
}
