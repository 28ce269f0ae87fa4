package io.salvo.bench;

import io.salvo.pacer.PacerConfig;
import io.salvo.pacer.PriorityClass;
import io.salvo.packetizer.H264Packetizer;
import io.salvo.packetizer.RtpStream;
import io.salvo.rtcp.GenericNack;
import io.salvo.rtcp.ReceiverReport;
import io.salvo.sender.RetransmissionConfig;
import io.salvo.sender.RtcpConfig;
import io.salvo.sender.SenderStats;
import io.salvo.sender.SendmmsgSender;
import io.salvo.sender.Transmitter;
import io.salvo.sender.TransmitterConfig;
import io.salvo.sender.TransmitterStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * What one retransmitted packet costs the transmitter: before each invocation a receiver sends
 * {@value #NACKS} generic NACKs of 16 sequence numbers each (RR + NACK compounds, on the RTP
 * socket: rtcp-mux); the invocation runs {@link Transmitter#doWork()} until all
 * {@value #RESENDS} packets went out again, as RTX or as the original packets: the batched read
 * of the NACKs, their parsing, 1024 history lookups, resend packets built over the frames'
 * buffers, the pacer (unpaced) and the {@code sendmmsg} batches to a receiver that is never read.
 * The score is per resent packet; {@code -prof gc} should show 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class RetransmissionBenchmark {
    static final int NACKS = 64;
    static final int RESENDS = NACKS * 16;
    private static final long SSRC = 0x5A17_0004L;

    @Param({"rtx", "original"})
    public String mode;

    private DatagramChannel receiver;
    private DatagramChannel viewer;
    private InetSocketAddress transmitterAddress;
    private Transmitter transmitter;
    private SenderStats senderStats;
    private final ByteBuffer[] nacks = new ByteBuffer[NACKS];
    private int firstSequence;

    @Setup
    public void open() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        receiver = DatagramChannel.open().bind(new InetSocketAddress(loopback, 0));
        viewer = receiver; // the NACKs come from the receiver's own address, as a receiver's would
        SendmmsgSender sender = SendmmsgSender.open(new InetSocketAddress(loopback, 0));
        senderStats = sender.stats();
        transmitterAddress = new InetSocketAddress(loopback, sender.localAddress().getPort());
        transmitter = Transmitter.create(sender, TransmitterConfig.builder()
                .pacer(PacerConfig.builder().unpaced().neverDropForAge().build())
                .rtcp(RtcpConfig.builder().mux(true).receivePoll(1, TimeUnit.MICROSECONDS).receiveBatch(64).build())
                .build());
        RetransmissionConfig.Builder retransmission = "rtx".equals(mode) ? RetransmissionConfig.rtx(97)
                : RetransmissionConfig.original();
        RtpStream rtp = RtpStream.builder(96, 90_000).ssrc(SSRC).firstSequenceNumber(0).build();
        firstSequence = rtp.nextSequenceNumber();
        TransmitterStream stream = transmitter.addStream("video", H264Packetizer.builder(rtp).build(),
                PriorityClass.VIDEO, retransmission.minHistory(1, TimeUnit.HOURS).rateShare(10)
                        .minRateBps(100_000_000_000L).maxHistoryBytes(1L << 40).build(),
                (InetSocketAddress) receiver.getLocalAddress());
        ByteBuffer frame = TransmitterBenchmark.accessUnit(TransmitterBenchmark.SLICE_BYTES);
        long target = RESENDS + 64;
        long sent = 0;
        for (int i = 0; sent < target; i++) {
            while (!transmitter.submit(stream, frame, 0, frame.capacity(), 3000L * i, i == 0, i, null)) {
                transmitter.doWork();
            }
            for (int spin = 0; spin < 100; spin++) {
                transmitter.doWork();
            }
            sent = senderStats.datagrams();
        }
        int[] sequences = new int[16];
        for (int n = 0; n < NACKS; n++) {
            ByteBuffer b = ByteBuffer.allocateDirect(64);
            int length = ReceiverReport.write(b, 0, 0xB0B, 0);
            for (int i = 0; i < 16; i++) {
                sequences[i] = firstSequence + n * 16 + i;
            }
            length += GenericNack.write(b, length, 0xB0B, SSRC, sequences, 0, 16);
            b.limit(length);
            nacks[n] = b;
        }
    }

    @Setup(Level.Invocation)
    public void receiverAsks() throws IOException {
        for (ByteBuffer nack : nacks) {
            nack.position(0);
            viewer.send(nack, transmitterAddress);
        }
    }

    @Benchmark
    @OperationsPerInvocation(RESENDS)
    public long resend() {
        long target = senderStats.datagrams() + RESENDS;
        long spins = 0;
        while (senderStats.datagrams() < target) {
            transmitter.doWork();
            spins++;
        }
        return spins;
    }

    @TearDown
    public void close() throws IOException {
        transmitter.close();
        receiver.close();
    }
}
