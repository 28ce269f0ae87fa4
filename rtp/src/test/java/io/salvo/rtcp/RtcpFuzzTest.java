package io.salvo.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.salvo.rtp.FuzzedDatagram;
import io.salvo.rtp.FuzzedDatagram.Digest;
import java.nio.ByteBuffer;

/**
 * Fuzz targets of the RTCP parsers (Jazzer), one per parser and one for {@link RtcpCompound}: any
 * datagram at any offset gets a result, never an exception and never a read past the datagram
 * (see {@link FuzzedDatagram}); what a parser accepts lies inside the bytes it was given, and
 * every accessor can be read.
 *
 * <p>{@code mvn test} runs them on the seeds and saved findings under
 * {@code src/test/resources/io/salvo/rtcp/RtcpFuzzTestInputs/<method>/}; {@code bench/scripts/fuzz.sh}
 * fuzzes them. Input: byte 0 is the offset (0..31), the rest the datagram.
 */
class RtcpFuzzTest {
    private final RtcpCompound compound = new RtcpCompound();
    private final SenderReport sr = new SenderReport();
    private final ReceiverReport rr = new ReceiverReport();
    private final ReportBlock block = new ReportBlock();
    private final SourceDescription sdes = new SourceDescription();
    private final Bye bye = new Bye();
    private final App app = new App();
    private final GenericNack nack = new GenericNack();
    private final PictureLossIndication pli = new PictureLossIndication();
    private final FullIntraRequest fir = new FullIntraRequest();
    private final int[] lost = new int[64];

    @FuzzTest
    void shouldParseAnySenderReport(byte[] input) {
        FuzzedDatagram.parseTwice(input, this::senderReport);
    }

    @FuzzTest
    void shouldParseAnyReceiverReport(byte[] input) {
        FuzzedDatagram.parseTwice(input, this::receiverReport);
    }

    @FuzzTest
    void shouldParseAnySourceDescription(byte[] input) {
        FuzzedDatagram.parseTwice(input, this::sourceDescription);
    }

    @FuzzTest
    void shouldParseAnyBye(byte[] input) {
        FuzzedDatagram.parseTwice(input, this::bye);
    }

    @FuzzTest
    void shouldParseAnyApp(byte[] input) {
        FuzzedDatagram.parseTwice(input, this::app);
    }

    @FuzzTest
    void shouldParseAnyGenericNack(byte[] input) {
        FuzzedDatagram.parseTwice(input, this::genericNack);
    }

    @FuzzTest
    void shouldParseAnyPictureLossIndication(byte[] input) {
        FuzzedDatagram.parseTwice(input, this::pictureLossIndication);
    }

    @FuzzTest
    void shouldParseAnyFullIntraRequest(byte[] input) {
        FuzzedDatagram.parseTwice(input, this::fullIntraRequest);
    }

    /** The compound walk, and on each packet it steps to, the parser its type calls for. */
    @FuzzTest
    void shouldWalkAnyCompound(byte[] input) {
        FuzzedDatagram.parseTwice(input, this::compound);
    }

    private long compound(ByteBuffer buffer, int offset, int length) {
        RtcpParseError error = compound.wrap(buffer, offset, length);
        Digest digest = new Digest().add(error.ordinal()).add(compound.errorMessage()).add(compound.packetCount())
                .add(compound.startsWithReport() ? 1 : 0);
        int next = offset;
        int packets = 0;
        while (compound.next()) {
            packets++;
            assertEquals(next, compound.packetOffset(), "packets follow each other");
            assertTrue(compound.packetLength() >= RtcpHeader.HEADER_LENGTH, "a packet holds its header");
            next = compound.packetOffset() + compound.packetLength() + compound.paddingLength();
            assertTrue(next <= offset + length, "a packet ends inside the datagram");
            digest.add(compound.packetType()).add(compound.count()).add(compound.packetLength())
                    .add(compound.paddingLength())
                    .add(parseAs(compound.packetType(), compound.count(), buffer, compound.packetOffset(),
                            compound.packetLength()));
        }
        if (error == RtcpParseError.OK) {
            assertEquals(offset + length, next, "the packets fill the datagram");
            assertEquals(compound.packetCount(), packets);
        } else {
            assertEquals(0, packets, "a datagram that fails the check has no packets to walk");
        }
        return digest.value();
    }

    private long parseAs(int type, int count, ByteBuffer buffer, int offset, int length) {
        switch (type) {
            case RtcpPacketType.SR:
                return senderReport(buffer, offset, length);
            case RtcpPacketType.RR:
                return receiverReport(buffer, offset, length);
            case RtcpPacketType.SDES:
                return sourceDescription(buffer, offset, length);
            case RtcpPacketType.BYE:
                return bye(buffer, offset, length);
            case RtcpPacketType.APP:
                return app(buffer, offset, length);
            case RtcpPacketType.RTPFB:
                return genericNack(buffer, offset, length);
            case RtcpPacketType.PSFB:
                return count == RtcpPacketType.FIR ? fullIntraRequest(buffer, offset, length)
                        : pictureLossIndication(buffer, offset, length);
            default:
                return type;
        }
    }

    private long senderReport(ByteBuffer buffer, int offset, int length) {
        RtcpParseError error = sr.wrap(buffer, offset, length);
        Digest digest = new Digest().add(error.ordinal()).add(sr.errorMessage());
        if (error != RtcpParseError.OK) {
            return digest.value();
        }
        checkPacket(offset, length, sr.offset(), sr.length());
        assertEquals(offset + sr.length(), sr.profileExtensionOffset() + sr.profileExtensionLength());
        assertTrue(sr.profileExtensionLength() >= 0);
        digest.add(sr.ssrc()).add(sr.ntpTimestamp()).add(sr.rtpTimestamp()).add(sr.packetCount())
                .add(sr.octetCount()).add(sr.profileExtensionLength());
        for (int i = 0; i < sr.reportCount(); i++) {
            reportBlock(digest, sr.reportBlock(i, block), offset, sr.profileExtensionOffset());
        }
        return digest.value();
    }

    private long receiverReport(ByteBuffer buffer, int offset, int length) {
        RtcpParseError error = rr.wrap(buffer, offset, length);
        Digest digest = new Digest().add(error.ordinal()).add(rr.errorMessage());
        if (error != RtcpParseError.OK) {
            return digest.value();
        }
        checkPacket(offset, length, rr.offset(), rr.length());
        assertEquals(offset + rr.length(), rr.profileExtensionOffset() + rr.profileExtensionLength());
        assertTrue(rr.profileExtensionLength() >= 0);
        digest.add(rr.ssrc()).add(rr.profileExtensionLength());
        for (int i = 0; i < rr.reportCount(); i++) {
            reportBlock(digest, rr.reportBlock(i, block), offset, rr.profileExtensionOffset());
        }
        return digest.value();
    }

    private void reportBlock(Digest digest, ReportBlock block, int packetOffset, int blocksEnd) {
        assertTrue(block.offset() > packetOffset && block.offset() + ReportBlock.LENGTH <= blocksEnd);
        digest.add(block.ssrc()).add(block.fractionLost()).add(block.cumulativeLost())
                .add(block.extendedHighestSequence()).add(block.jitter()).add(block.lastSenderReport())
                .add(block.delaySinceLastSenderReport());
    }

    private long sourceDescription(ByteBuffer buffer, int offset, int length) {
        RtcpParseError error = sdes.wrap(buffer, offset, length);
        Digest digest = new Digest().add(error.ordinal()).add(sdes.errorMessage());
        if (error != RtcpParseError.OK) {
            assertFalse(sdes.nextChunk(), "no chunks to walk in a packet that failed");
            return digest.value();
        }
        checkPacket(offset, length, sdes.offset(), sdes.length());
        int end = offset + sdes.length();
        int chunks = 0;
        while (sdes.nextChunk()) {
            chunks++;
            digest.add(sdes.chunkSsrc());
            String cname = sdes.cname(sdes.chunkSsrc());
            digest.add(cname == null ? "" : cname);
            while (sdes.nextItem()) {
                assertTrue(sdes.itemOffset() > offset && sdes.itemOffset() + sdes.itemLength() <= end,
                        "an item lies inside the packet");
                digest.add(sdes.itemType()).add(sdes.itemLength());
                if (sdes.itemLength() > 0) {
                    digest.add(buffer.get(sdes.itemOffset() + sdes.itemLength() - 1));
                }
            }
        }
        assertEquals(sdes.chunkCount(), chunks);
        return digest.value();
    }

    private long bye(ByteBuffer buffer, int offset, int length) {
        RtcpParseError error = bye.wrap(buffer, offset, length);
        Digest digest = new Digest().add(error.ordinal()).add(bye.errorMessage());
        if (error != RtcpParseError.OK) {
            return digest.value();
        }
        checkPacket(offset, length, bye.offset(), bye.length());
        for (int i = 0; i < bye.ssrcCount(); i++) {
            digest.add(bye.ssrc(i));
        }
        digest.add(bye.hasReason() ? 1 : 0).add(bye.reasonLength());
        if (bye.reasonLength() > 0) {
            assertTrue(bye.reasonOffset() + bye.reasonLength() <= offset + bye.length(), "the reason lies inside");
            digest.add(buffer.get(bye.reasonOffset() + bye.reasonLength() - 1));
        }
        return digest.value();
    }

    private long app(ByteBuffer buffer, int offset, int length) {
        RtcpParseError error = app.wrap(buffer, offset, length);
        Digest digest = new Digest().add(error.ordinal()).add(app.errorMessage());
        if (error != RtcpParseError.OK) {
            return digest.value();
        }
        checkPacket(offset, length, app.offset(), app.length());
        assertTrue(app.dataLength() >= 0);
        assertEquals(offset + app.length(), app.dataOffset() + app.dataLength());
        digest.add(app.subtype()).add(app.ssrc()).add(app.name()).add(app.dataLength());
        if (app.dataLength() > 0) {
            digest.add(buffer.get(app.dataOffset() + app.dataLength() - 1));
        }
        return digest.value();
    }

    private long genericNack(ByteBuffer buffer, int offset, int length) {
        RtcpParseError error = nack.wrap(buffer, offset, length);
        Digest digest = new Digest().add(error.ordinal()).add(nack.errorMessage());
        if (error != RtcpParseError.OK) {
            return digest.value();
        }
        checkPacket(offset, length, nack.offset(), nack.length());
        assertTrue(nack.fciCount() >= 1);
        digest.add(nack.senderSsrc()).add(nack.mediaSsrc());
        for (int i = 0; i < nack.fciCount(); i++) {
            digest.add(nack.pid(i)).add(nack.blp(i));
        }
        int lostCount = nack.lostCount();
        assertTrue(lostCount >= nack.fciCount() && lostCount <= 17 * nack.fciCount());
        int written = nack.lostSequenceNumbers(lost);
        assertEquals(Math.min(lost.length, lostCount), written);
        for (int i = 0; i < written; i++) {
            digest.add(lost[i]);
        }
        return digest.value();
    }

    private long pictureLossIndication(ByteBuffer buffer, int offset, int length) {
        RtcpParseError error = pli.wrap(buffer, offset, length);
        Digest digest = new Digest().add(error.ordinal()).add(pli.errorMessage());
        if (error != RtcpParseError.OK) {
            return digest.value();
        }
        assertEquals(offset, pli.offset());
        assertTrue(length >= PictureLossIndication.LENGTH);
        return digest.add(pli.senderSsrc()).add(pli.mediaSsrc()).value();
    }

    private long fullIntraRequest(ByteBuffer buffer, int offset, int length) {
        RtcpParseError error = fir.wrap(buffer, offset, length);
        Digest digest = new Digest().add(error.ordinal()).add(fir.errorMessage());
        if (error != RtcpParseError.OK) {
            return digest.value();
        }
        checkPacket(offset, length, fir.offset(), fir.length());
        assertTrue(fir.entryCount() >= 1);
        digest.add(fir.senderSsrc()).add(fir.mediaSsrc());
        for (int i = 0; i < fir.entryCount(); i++) {
            digest.add(fir.entrySsrc(i)).add(fir.entrySequenceNumber(i));
        }
        return digest.value();
    }

    /** An accepted packet starts where it was given and ends within the bytes given. */
    private static void checkPacket(int offset, int given, int packetOffset, int packetLength) {
        assertEquals(offset, packetOffset);
        assertTrue(packetLength >= RtcpHeader.HEADER_LENGTH && packetLength <= given,
                "packet of " + packetLength + " bytes inside the " + given + " given");
    }
}
