package io.salvo.bench;

import io.salvo.rtcp.NtpTime;
import io.salvo.rtcp.ReceiverReport;
import io.salvo.rtcp.ReportBlock;
import io.salvo.rtcp.RtcpCompound;
import io.salvo.rtcp.RtcpPacketType;
import io.salvo.rtcp.RtcpParseError;
import io.salvo.rtcp.SenderReport;
import io.salvo.rtcp.SourceDescription;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the RTCP a sender handles each report interval. {@code buildSenderReport}: an SR
 * without report blocks (NTP time from a wall clock in nanoseconds) followed by an SDES CNAME,
 * written into a preallocated direct buffer. {@code parseReceiverReport}: a receiver's compound
 * RR (one report block) + SDES walked with {@link RtcpCompound}, the RR parsed and every field of
 * its block read. {@code -prof gc} should show 0 B/op for both.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RtcpBenchmark {
    private static final long SENDER = 0x902F9E2EL;
    private static final long RECEIVER = 0x2B535A6FL;
    private static final byte[] SENDER_CNAME = "salvo@192.0.2.1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] RECEIVER_CNAME = "viewer@198.51.100.7".getBytes(StandardCharsets.UTF_8);

    private final ByteBuffer report = ByteBuffer.allocateDirect(1500);
    private final ByteBuffer received = ByteBuffer.allocateDirect(1500);
    private final RtcpCompound compound = new RtcpCompound();
    private final ReceiverReport receiverReport = new ReceiverReport();
    private final ReportBlock block = new ReportBlock();
    private int receivedLength;
    private long epochNanos = 1_704_067_200_250_000_000L;
    private long packets;

    @Setup
    public void setUp() {
        int at = ReceiverReport.write(received, 0, RECEIVER, 1);
        at += ReportBlock.write(received, at, SENDER, 64, 1000, 0x0002_FFFEL, 45, 0x7F00_4000L, 0x4000);
        at += SourceDescription.writeCname(received, at, RECEIVER, RECEIVER_CNAME);
        receivedLength = at;
        if (compound.wrap(received, 0, receivedLength) != RtcpParseError.OK) {
            throw new IllegalStateException(compound.errorMessage());
        }
    }

    @Benchmark
    public int buildSenderReport() {
        epochNanos += 20_000_000;
        packets += 50;
        long ntp = NtpTime.fromEpochNanos(epochNanos);
        int length = SenderReport.write(report, 0, SENDER, ntp, packets * 1800, packets, packets * 1200, 0);
        return length + SourceDescription.writeCname(report, length, SENDER, SENDER_CNAME);
    }

    @Benchmark
    public long parseReceiverReport() {
        long sum = 0;
        if (compound.wrap(received, 0, receivedLength) != RtcpParseError.OK) {
            return -1;
        }
        while (compound.next()) {
            if (compound.packetType() == RtcpPacketType.RR
                    && receiverReport.wrap(received, compound.packetOffset(), compound.packetLength()) == RtcpParseError.OK) {
                sum += receiverReport.ssrc();
                for (int i = 0; i < receiverReport.reportCount(); i++) {
                    ReportBlock b = receiverReport.reportBlock(i, block);
                    sum += b.ssrc() + b.fractionLost() + b.cumulativeLost() + b.extendedHighestSequence()
                            + b.jitter() + b.lastSenderReport() + b.delaySinceLastSenderReport();
                }
            }
        }
        return sum;
    }
}
