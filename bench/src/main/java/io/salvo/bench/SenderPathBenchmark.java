package io.salvo.bench;

import io.salvo.rtp.OutputMessage;
import io.salvo.sender.ChannelSender;
import io.salvo.sender.DatagramSender;
import io.salvo.sender.SenderOptions;
import io.salvo.sender.SenderStats;
import io.salvo.sender.SendmmsgSender;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
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
 * One batch of {@code batch} RTP datagrams of 1200 bytes per operation over loopback, by each
 * path a Java program could take:
 * <ul>
 *   <li>{@code sendmmsg}: {@link SendmmsgSender} with GSO off, one {@code sendmmsg} per batch
 *       (per 1024);</li>
 *   <li>{@code gso}: {@link SendmmsgSender} with UDP GSO, runs of up to 54 datagrams (65,000
 *       bytes) in one message each;</li>
 *   <li>{@code channel}: {@link ChannelSender}, one {@code DatagramChannel.send} per datagram;</li>
 *   <li>{@code netty}: Netty's epoll transport ({@link NettyDatagramPath}), one write per
 *       datagram and one flush per batch, on its event loop.</li>
 * </ul>
 * Every datagram is a 12-byte header vector plus a 1188-byte payload view of a direct frame, as
 * the packetizers make them; the socket is unconnected and each message carries the destination
 * ({@code -p socket=connected}: connected, no address in the messages).
 * All sockets are IPv4, the senders bound to the wildcard address. The receiver, the same for all
 * paths, is a loopback socket that is never read: once its queue
 * is full the kernel drops on arrival, which costs every path the same. Each operation returns
 * only when the kernel has taken the whole batch (salvo: blocking send; Netty: outbound buffer
 * empty). The {@code packets} counter is packets/s (ops/s x batch); with {@code -prof gc},
 * {@code gc.alloc.rate.norm} is bytes per batch.
 *
 * <p>{@code java -jar bench/target/benchmarks.jar SenderPath -prof gc -p batch=48}. Supersedes
 * the earlier {@code SenderBenchmark} (48 datagrams, sendmmsg and DatagramChannel only).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class SenderPathBenchmark {
    @Param({"1", "4", "16", "48", "128", "512", "1024"})
    public int batch;

    @Param({"sendmmsg", "gso", "channel", "netty"})
    public String path;

    /** {@code unconnected}: the destination in every message; {@code connected} (on request): none. */
    @Param({"unconnected"})
    public String socket;

    private DatagramChannel receiver;
    private DatagramSender sender;
    private NettyDatagramPath netty;
    private OutputMessage[] messages;

    /** Datagrams sent, as a rate: packets/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Packets {
        public long packets;

        @Setup(Level.Iteration)
        public void reset() {
            packets = 0;
        }
    }

    @Setup
    public void open() throws IOException, InterruptedException {
        receiver = DatagramChannel.open(StandardProtocolFamily.INET)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        receiver.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
        InetSocketAddress to = (InetSocketAddress) receiver.getLocalAddress();
        // IPv4 sockets on the wildcard address, as the native loop's unbound socket
        InetSocketAddress local = new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0);
        boolean connected = socket.equals("connected");
        if (!connected && !socket.equals("unconnected")) {
            throw new IllegalArgumentException("socket must be connected or unconnected, was " + socket);
        }
        InetSocketAddress remote = connected ? to : null;
        switch (path) {
            case "sendmmsg":
                sender = SendmmsgSender.open(local, remote, new SenderOptions().gso(false));
                break;
            case "gso":
                SendmmsgSender gso = SendmmsgSender.open(local, remote, new SenderOptions().gso(true));
                if (!gso.gsoEnabled()) {
                    gso.close();
                    throw new IllegalStateException("UDP GSO unsupported here (Linux 4.18+ needed)");
                }
                sender = gso;
                break;
            case "channel":
                sender = ChannelSender.open(local, remote);
                break;
            case "netty":
                netty = new NettyDatagramPath(local, to, connected, batch);
                return;
            default:
                throw new IllegalArgumentException("unknown path " + path);
        }
        messages = new RtpDatagrams(batch, connected ? null : to).messages;
    }

    @Benchmark
    public int sendBatch(Packets counter) throws IOException {
        int sent = netty != null ? netty.sendBatch() : sender.send(messages, 0, batch, 0, -1, null);
        counter.packets += sent;
        return sent;
    }

    @TearDown
    public void close() throws IOException {
        try {
            // checked without printing: output during the trial is counted by -prof gc
            if (netty != null) {
                if (netty.failures() != 0) {
                    throw new IllegalStateException("netty: " + netty.failures() + " failed writes");
                }
                return;
            }
            SenderStats stats = sender.stats();
            boolean gsoExpected = path.equals("gso") && batch > 1;
            if (stats.partialSends() != 0 || stats.errors() != 0 || stats.datagrams() % batch != 0
                    || stats.gsoFallbacks() != 0 || (stats.gsoRuns() > 0) != gsoExpected) {
                throw new IllegalStateException(path + " did not send whole batches as expected: " + stats);
            }
        } finally {
            if (netty != null) {
                netty.close();
            } else {
                sender.close();
            }
            receiver.close();
        }
    }
}
