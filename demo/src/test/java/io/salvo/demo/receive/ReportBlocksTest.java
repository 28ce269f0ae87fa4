package io.salvo.demo.receive;

import io.salvo.rtcp.NtpTime;
import io.salvo.rtcp.ReportBlock;
import io.salvo.rtcp.SenderReport;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fields of a report block from a stream and its sender's last SR, RFC 3550 §6.4.1 and A.3, without sockets. */
class ReportBlocksTest {
    private static final int OFFSET = 12;
    private static final long SECOND = 1_000_000_000L;

    private final StreamStats stream = new StreamStats(Packets.SSRC_A, 90_000);
    private final RemoteSource source = new RemoteSource(Packets.SSRC_A);
    private final ByteBuffer buffer = ByteBuffer.allocate(OFFSET + ReportBlock.LENGTH + 4);
    private long now = 7 * SECOND;

    private void receive(int... sequenceNumbers) {
        for (int sequenceNumber : sequenceNumbers) {
            now += 1_000_000;
            stream.onPacket(sequenceNumber & 0xFFFF, 90L * sequenceNumber, 96, false, 100, 112, now);
        }
    }

    private static int[] range(int first, int last) {
        int[] numbers = new int[last - first + 1];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = first + i;
        }
        return numbers;
    }

    private ReportBlock report() {
        assertEquals(ReportBlock.LENGTH, ReportBlocks.write(buffer, OFFSET, source, now));
        return new ReportBlock().wrap(buffer, OFFSET);
    }

    @Test
    void shouldComputeFractionAndCumulativeLossPerIntervalAsA3Does() {
        source.attach(stream);
        // interval 1: 0..9 expected, 3 and 7 missing: 10 expected, 8 received
        receive(0, 1, 2, 4, 5, 6, 8, 9);
        ReportBlock first = report();
        assertEquals(Packets.SSRC_A, first.ssrc());
        assertEquals(2 * 256 / 10, first.fractionLost());     // 51
        assertEquals(2, first.cumulativeLost());
        assertEquals(9, first.extendedHighestSequence());

        // interval 2: 10..29, five missing, and a duplicate (not counted as received): 20 expected, 15 received
        receive(10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 19, 25, 26, 27, 28, 29);
        ReportBlock second = report();
        assertEquals(5 * 256 / 20, second.fractionLost());    // 64
        assertEquals(7, second.cumulativeLost());
        assertEquals(29, second.extendedHighestSequence());

        // interval 3: 3 and 7 arrive late, 30 on time: 1 expected, 3 received, nothing lost in it
        receive(3, 7, 30);
        ReportBlock third = report();
        assertEquals(0, third.fractionLost());
        assertEquals(5, third.cumulativeLost());
        assertEquals(30, third.extendedHighestSequence());

        // interval 4: nothing arrived: 0 expected, fraction 0
        assertEquals(0, report().fractionLost());
    }

    @Test
    void shouldCarryTheSequenceCyclesInTheExtendedHighestSequenceNumber() {
        source.attach(stream);
        receive(range(65_530, 65_540)); // 65530..65535, then 0..4 of the next cycle

        ReportBlock block = report();

        assertEquals(0x1_0004, block.extendedHighestSequence());
        assertEquals(0, block.cumulativeLost());
    }

    @Test
    void shouldGiveTheJitterInWholeTimestampUnits() {
        source.attach(stream);
        for (int i = 0; i < 20; i++) {
            now += i % 2 == 0 ? 5_000_000 : 15_000_000; // 5 or 15 ms apart, 10 ms of timestamps each
            stream.onPacket(i, 900L * i, 96, false, 100, 112, now);
        }

        assertEquals((long) stream.jitter(), report().jitter());
        assertTrue(stream.jitter() > 100, "jitter " + stream.jitter());
    }

    @Test
    void shouldTakeLsrFromTheLastSenderReportAndDlsrFromItsArrival() {
        source.attach(stream);
        receive(1, 2);
        long ntp = 0xE3C1_2345_6789_ABCDL;
        ByteBuffer sr = ByteBuffer.allocate(SenderReport.length(0));
        SenderReport.write(sr, 0, Packets.SSRC_A, ntp, 1234, 2, 200, 0);
        SenderReport report = new SenderReport();
        report.wrap(sr, 0, sr.capacity());
        long arrival = now;
        source.onSenderReport(report, arrival, null);
        now = arrival + 1_500_000_000L; // 1.5 s later

        ReportBlock block = report();

        assertEquals(0x2345_6789L, block.lastSenderReport());
        assertEquals(NtpTime.compact(ntp), block.lastSenderReport());
        assertEquals(0x1_8000L, block.delaySinceLastSenderReport()); // 1.5 s in 1/65536 s
    }

    @Test
    void shouldWriteZerosForLsrAndDlsrWithoutASenderReport() {
        source.attach(stream);
        receive(1);

        ReportBlock block = report();

        assertEquals(0, block.lastSenderReport());
        assertEquals(0, block.delaySinceLastSenderReport());
    }

    @Test
    void shouldWriteZeroReceptionFieldsForASourceWithoutRtp() {
        ReportBlock block = report();

        assertEquals(Packets.SSRC_A, block.ssrc());
        assertEquals(0, block.fractionLost());
        assertEquals(0, block.cumulativeLost());
        assertEquals(0, block.extendedHighestSequence());
        assertEquals(0, block.jitter());
    }
}
