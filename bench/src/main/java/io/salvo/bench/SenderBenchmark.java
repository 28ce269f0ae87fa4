package io.salvo.bench;

import io.salvo.rtp.OutputMessage;
import io.salvo.rtp.RtpHeader;
import io.salvo.rtp.RtpPacket;
import io.salvo.rtp.RtpPacketPool;
import io.salvo.sender.ChannelSender;
import io.salvo.sender.DatagramSender;
import io.salvo.sender.SenderStats;
import io.salvo.sender.SendmmsgSender;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * One batch of 48 RTP datagrams of 1200 bytes (a 12-byte header vector in a shared slot slab plus
 * a 1188-byte payload vector in a frame buffer, both direct, as the packetizer makes them) sent
 * over loopback per operation, by {@link SendmmsgSender} (one sendmmsg) and by {@link
 * ChannelSender} (48 DatagramChannel writes), unconnected (every message carries its address)
 * and connected. Packets per second = ops/s x 48. The receiver is never drained: drops at a full
 * receive queue cost the sender the same either way.
 *
 * <p>{@code java -jar bench/target/benchmarks.jar SenderBenchmark -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class SenderBenchmark {
    static final int BATCH = 48;
    static final int DATAGRAM = 1200;
    static final int PAYLOAD = DATAGRAM - RtpHeader.FIXED_LENGTH;

    @Param({"sendmmsg", "channel"})
    public String sender;

    @Param({"unconnected", "connected"})
    public String mode;

    private DatagramChannel receiver;
    private DatagramSender out;
    private final OutputMessage[] batch = new OutputMessage[BATCH];

    @Setup
    public void open() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        receiver = DatagramChannel.open().bind(new InetSocketAddress(loopback, 0));
        receiver.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
        InetSocketAddress to = (InetSocketAddress) receiver.getLocalAddress();
        InetSocketAddress local = new InetSocketAddress(loopback, 0);
        InetSocketAddress remote = mode.equals("connected") ? to : null;
        out = sender.equals("sendmmsg") ? SendmmsgSender.open(local, remote) : ChannelSender.open(local, remote);

        RtpPacketPool pool = new RtpPacketPool();
        ByteBuffer frame = ByteBuffer.allocateDirect(BATCH * PAYLOAD);
        for (int i = 0; i < BATCH; i++) {
            RtpPacket packet = pool.acquire();
            RtpHeader.write(packet.slot(), packet.slotOffset(), 0, i == BATCH - 1, 96, i, 90_000, 0x5A17_0001L);
            packet.addSlot(0, RtpHeader.FIXED_LENGTH).addPayload(frame, i * PAYLOAD, PAYLOAD);
            batch[i] = packet.message().address(remote == null ? to : null);
        }
    }

    @Benchmark
    public int sendBatch() throws IOException {
        return out.send(batch, 0, BATCH, 0, 0, null);
    }

    @TearDown
    public void close() throws IOException {
        // every op must have put all 48 datagrams on the wire; checked without printing, since
        // output during the trial is counted by -prof gc
        SenderStats stats = out.stats();
        if (stats.partialSends() != 0 || stats.wouldBlocks() != 0 || stats.errors() != 0
                || stats.datagrams() % BATCH != 0) {
            throw new IllegalStateException(sender + "/" + mode + " did not send whole batches: " + stats);
        }
        out.close();
        receiver.close();
    }
}
