package io.salvo.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Write with random values, parse back, and get every field again. */
class RoundTripTest {
    private static final int OFFSET = 3;
    private static final int ROUNDS = 500;

    private final Random random = new Random(4585);
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(OFFSET + 2048);

    private long u32() {
        return random.nextInt() & 0xFFFF_FFFFL;
    }

    @Test
    void shouldRoundTripSenderReportsWithEveryBlockCount() {
        SenderReport sr = new SenderReport();
        for (int round = 0; round < ROUNDS; round++) {
            int count = round % 32;
            long ssrc = u32();
            long ntp = random.nextLong();
            long rtp = u32();
            long packets = u32();
            long octets = u32();
            int at = OFFSET + SenderReport.write(buffer, OFFSET, ssrc, ntp, rtp, packets, octets, count);
            long[][] blocks = writeBlocks(at, count);

            assertEquals(RtcpParseError.OK, sr.wrap(buffer, OFFSET, SenderReport.length(count)));
            assertEquals(ssrc, sr.ssrc());
            assertEquals(ntp, sr.ntpTimestamp());
            assertEquals(rtp, sr.rtpTimestamp());
            assertEquals(packets, sr.packetCount());
            assertEquals(octets, sr.octetCount());
            assertEquals(count, sr.reportCount());
            ReportBlock block = new ReportBlock();
            for (int i = 0; i < count; i++) {
                assertBlock(blocks[i], sr.reportBlock(i, block));
            }
        }
    }

    @Test
    void shouldRoundTripReceiverReportsWithEveryBlockCount() {
        ReceiverReport rr = new ReceiverReport();
        for (int round = 0; round < ROUNDS; round++) {
            int count = round % 32;
            long ssrc = u32();
            int at = OFFSET + ReceiverReport.write(buffer, OFFSET, ssrc, count);
            long[][] blocks = writeBlocks(at, count);

            assertEquals(RtcpParseError.OK, rr.wrap(buffer, OFFSET, ReceiverReport.length(count)));
            assertEquals(ssrc, rr.ssrc());
            assertEquals(count, rr.reportCount());
            ReportBlock block = new ReportBlock();
            for (int i = 0; i < count; i++) {
                assertBlock(blocks[i], rr.reportBlock(i, block));
            }
        }
    }

    private long[][] writeBlocks(int at, int count) {
        long[][] blocks = new long[count][];
        for (int i = 0; i < count; i++) {
            long[] b = {u32(), random.nextInt(256), random.nextInt(1 << 24) - (1 << 23), u32(), u32(), u32(), u32()};
            ReportBlock.write(buffer, at + ReportBlock.LENGTH * i, b[0], (int) b[1], (int) b[2], b[3], b[4], b[5], b[6]);
            blocks[i] = b;
        }
        return blocks;
    }

    private static void assertBlock(long[] expected, ReportBlock block) {
        assertArrayEquals(expected, new long[]{block.ssrc(), block.fractionLost(), block.cumulativeLost(),
                block.extendedHighestSequence(), block.jitter(), block.lastSenderReport(),
                block.delaySinceLastSenderReport()});
    }

    @Test
    void shouldRoundTripCnamesOfEveryLength() {
        SourceDescription sdes = new SourceDescription();
        for (int length = 0; length <= SourceDescription.MAX_ITEM_LENGTH; length++) {
            byte[] cname = new byte[length];
            for (int i = 0; i < length; i++) {
                cname[i] = (byte) ('!' + random.nextInt(94));
            }
            long ssrc = u32();

            int written = SourceDescription.writeCname(buffer, OFFSET, ssrc, cname);

            assertEquals(SourceDescription.cnameLength(length), written);
            assertEquals(0, written % 4);
            assertEquals(RtcpParseError.OK, sdes.wrap(buffer, OFFSET, written));
            assertTrue(sdes.nextChunk());
            assertEquals(ssrc, sdes.chunkSsrc());
            assertTrue(sdes.nextItem());
            assertEquals(SourceDescription.CNAME, sdes.itemType());
            byte[] text = new byte[sdes.itemLength()];
            buffer.get(sdes.itemOffset(), text);
            assertArrayEquals(cname, text);
            assertFalse(sdes.nextItem());
            assertFalse(sdes.nextChunk());
            assertEquals(new String(cname, StandardCharsets.US_ASCII), sdes.cname(ssrc));
            assertNull(sdes.cname(ssrc + 1));
        }
    }

    @Test
    void shouldRoundTripByesWithAnySsrcCountAndReason() {
        Bye bye = new Bye();
        for (int round = 0; round < ROUNDS; round++) {
            long[] ssrcs = new long[random.nextInt(32)];
            for (int i = 0; i < ssrcs.length; i++) {
                ssrcs[i] = u32();
            }
            byte[] reason = random.nextInt(4) == 0 ? null : new byte[random.nextInt(256)];
            if (reason != null) {
                random.nextBytes(reason);
            }

            int written = Bye.write(buffer, OFFSET, ssrcs, ssrcs.length, reason);

            int reasonLength = reason == null ? 0 : reason.length;
            assertEquals(Bye.length(ssrcs.length, reasonLength), written);
            assertEquals(RtcpParseError.OK, bye.wrap(buffer, OFFSET, written));
            assertEquals(ssrcs.length, bye.ssrcCount());
            for (int i = 0; i < ssrcs.length; i++) {
                assertEquals(ssrcs[i], bye.ssrc(i));
            }
            assertEquals(reasonLength > 0, bye.hasReason());
            assertEquals(reasonLength, bye.reasonLength());
            if (reasonLength > 0) {
                byte[] text = new byte[bye.reasonLength()];
                buffer.get(bye.reasonOffset(), text);
                assertArrayEquals(reason, text);
            }
        }
    }

    @Test
    void shouldRoundTripAppPackets() {
        App app = new App();
        ByteBuffer data = ByteBuffer.allocate(256);
        random.nextBytes(data.array());
        for (int round = 0; round < ROUNDS; round++) {
            int subtype = random.nextInt(32);
            long ssrc = u32();
            int name = random.nextInt();
            int dataOffset = random.nextInt(64);
            int dataLength = 4 * random.nextInt(48);

            int written = App.write(buffer, OFFSET, subtype, ssrc, name, data, dataOffset, dataLength);

            assertEquals(App.length(dataLength), written);
            assertEquals(RtcpParseError.OK, app.wrap(buffer, OFFSET, written));
            assertEquals(subtype, app.subtype());
            assertEquals(ssrc, app.ssrc());
            assertEquals(name, app.name());
            assertEquals(dataLength, app.dataLength());
            assertEquals(data.slice(dataOffset, dataLength), buffer.slice(app.dataOffset(), app.dataLength()));
        }
    }

    @Test
    void shouldRoundTripRandomLossesAcrossTheSequenceNumberWrap() {
        GenericNack nack = new GenericNack();
        int[] lost = new int[200];
        int[] into = new int[200];
        for (int round = 0; round < 2 * ROUNDS; round++) {
            int start = 65536 - random.nextInt(300);
            TreeSet<Integer> distances = new TreeSet<>();
            int wanted = 1 + random.nextInt(lost.length);
            int spread = wanted + random.nextInt(4 * wanted);
            while (distances.size() < wanted) {
                distances.add(random.nextInt(spread));
            }
            int count = 0;
            for (int distance : distances) {
                lost[count++] = (start + distance) & 0xFFFF;
            }
            long sender = u32();
            long media = u32();

            int written = GenericNack.write(buffer, OFFSET, sender, media, lost, 0, count);

            assertTrue(written <= GenericNack.maxLength(count));
            assertEquals(RtcpParseError.OK, nack.wrap(buffer, OFFSET, written));
            assertEquals(sender, nack.senderSsrc());
            assertEquals(media, nack.mediaSsrc());
            assertEquals(count, nack.lostCount());
            assertEquals(count, nack.lostSequenceNumbers(into));
            assertArrayEquals(Arrays.copyOf(lost, count), Arrays.copyOf(into, count));
            for (int i = 1; i < nack.fciCount(); i++) {
                assertTrue(((nack.pid(i) - nack.pid(i - 1)) & 0xFFFF) > 16, "fewest entries: no PID fits the one before");
            }
        }
    }

    @Test
    void shouldRoundTripPliAndFir() {
        PictureLossIndication pli = new PictureLossIndication();
        FullIntraRequest fir = new FullIntraRequest();
        for (int round = 0; round < ROUNDS; round++) {
            long sender = u32();
            long media = u32();
            int sequenceNumber = random.nextInt(256);

            assertEquals(12, PictureLossIndication.write(buffer, OFFSET, sender, media));
            assertEquals(RtcpParseError.OK, pli.wrap(buffer, OFFSET, 12));
            assertEquals(sender, pli.senderSsrc());
            assertEquals(media, pli.mediaSsrc());
            assertEquals(20, FullIntraRequest.write(buffer, OFFSET, sender, media, sequenceNumber));
            assertEquals(RtcpParseError.OK, fir.wrap(buffer, OFFSET, 20));
            assertEquals(sender, fir.senderSsrc());
            assertEquals(0L, fir.mediaSsrc());
            assertEquals(1, fir.entryCount());
            assertEquals(media, fir.entrySsrc(0));
            assertEquals(sequenceNumber, fir.entrySequenceNumber(0));
        }
    }

    @Test
    void shouldRoundTripASenderCompoundBuiltFromTheWriters() {
        int at = OFFSET;
        at += SenderReport.write(buffer, at, Vectors.SENDER, Vectors.NTP, 90_000, 10, 12_000, 1);
        at += ReportBlock.write(buffer, at, Vectors.RECEIVER, 0, 0, 100, 4, 0, 0);
        at += SourceDescription.writeCname(buffer, at, Vectors.SENDER, "salvo@192.0.2.1".getBytes(StandardCharsets.UTF_8));
        at += Bye.write(buffer, at, Vectors.SENDER, "end of stream");
        RtcpCompound compound = new RtcpCompound();
        SourceDescription sdes = new SourceDescription();

        assertEquals(RtcpParseError.OK, compound.wrap(buffer, OFFSET, at - OFFSET));
        assertTrue(compound.startsWithReport());
        assertEquals(3, compound.packetCount());
        compound.next();
        compound.next();
        assertEquals(RtcpParseError.OK, sdes.wrap(buffer, compound.packetOffset(), compound.packetLength()));
        assertEquals("salvo@192.0.2.1", sdes.cname(Vectors.SENDER));
    }
}
