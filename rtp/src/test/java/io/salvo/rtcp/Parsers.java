package io.salvo.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

/** One of every parser, to run over a datagram and read everything they accept. */
final class Parsers {
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
    private final int[] lost = new int[600];
    long sink;

    /** Parses one packet with the parser its type and FMT (read from the full vector) call for. */
    RtcpParseError parseAs(ByteBuffer buffer, int offset, int length) {
        int type = RtcpHeader.packetType(buffer, offset);
        int format = RtcpHeader.count(buffer, offset);
        switch (type) {
            case RtcpPacketType.SR:
                return sr.wrap(buffer, offset, length);
            case RtcpPacketType.RR:
                return rr.wrap(buffer, offset, length);
            case RtcpPacketType.SDES:
                return sdes.wrap(buffer, offset, length);
            case RtcpPacketType.BYE:
                return bye.wrap(buffer, offset, length);
            case RtcpPacketType.APP:
                return app.wrap(buffer, offset, length);
            case RtcpPacketType.RTPFB:
                return nack.wrap(buffer, offset, length);
            default:
                return format == RtcpPacketType.PLI ? pli.wrap(buffer, offset, length) : fir.wrap(buffer, offset, length);
        }
    }

    /**
     * Walks the datagram as a compound and runs every parser over every packet and over the
     * whole datagram, reading every field of what they accept.
     *
     * @return the compound's result
     */
    RtcpParseError parseEverything(ByteBuffer buffer, int offset, int length) {
        readAll(buffer, offset, length);
        RtcpParseError error = compound.wrap(buffer, offset, length);
        compound.errorMessage();
        int end = offset;
        while (compound.next()) {
            assertEquals(end, compound.packetOffset());
            readAll(buffer, compound.packetOffset(), compound.packetLength());
            end = compound.packetOffset() + compound.packetLength() + compound.paddingLength();
        }
        if (error == RtcpParseError.OK) {
            assertEquals(offset + length, end);
            assertTrue(compound.packetCount() > 0);
        }
        return error;
    }

    private void readAll(ByteBuffer buffer, int offset, int length) {
        if (sr.wrap(buffer, offset, length) == RtcpParseError.OK) {
            sink += sr.ssrc() + sr.ntpTimestamp() + sr.rtpTimestamp() + sr.packetCount() + sr.octetCount()
                    + sr.profileExtensionLength();
            for (int i = 0; i < sr.reportCount(); i++) {
                readBlock(sr.reportBlock(i, block));
            }
        }
        if (rr.wrap(buffer, offset, length) == RtcpParseError.OK) {
            sink += rr.ssrc() + rr.profileExtensionLength();
            for (int i = 0; i < rr.reportCount(); i++) {
                readBlock(rr.reportBlock(i, block));
            }
        }
        if (sdes.wrap(buffer, offset, length) == RtcpParseError.OK) {
            while (sdes.nextChunk()) {
                sink += sdes.chunkSsrc();
                String cname = sdes.cname(sdes.chunkSsrc());
                sink += cname == null ? 0 : cname.length();
                while (sdes.nextItem()) {
                    sink += sdes.itemType() + buffer.get(sdes.itemOffset() + sdes.itemLength() - 1);
                }
            }
        }
        if (bye.wrap(buffer, offset, length) == RtcpParseError.OK) {
            for (int i = 0; i < bye.ssrcCount(); i++) {
                sink += bye.ssrc(i);
            }
            if (bye.reasonLength() > 0) {
                sink += buffer.get(bye.reasonOffset() + bye.reasonLength() - 1);
            }
        }
        if (app.wrap(buffer, offset, length) == RtcpParseError.OK) {
            sink += app.subtype() + app.ssrc() + app.name() + app.dataLength();
            if (app.dataLength() > 0) {
                sink += buffer.get(app.dataOffset() + app.dataLength() - 1);
            }
        }
        if (nack.wrap(buffer, offset, length) == RtcpParseError.OK) {
            sink += nack.senderSsrc() + nack.mediaSsrc() + nack.pid(nack.fciCount() - 1) + nack.blp(0);
            assertEquals(Math.min(lost.length, nack.lostCount()), nack.lostSequenceNumbers(lost));
        }
        if (pli.wrap(buffer, offset, length) == RtcpParseError.OK) {
            sink += pli.senderSsrc() + pli.mediaSsrc();
        }
        if (fir.wrap(buffer, offset, length) == RtcpParseError.OK) {
            sink += fir.senderSsrc() + fir.mediaSsrc();
            for (int i = 0; i < fir.entryCount(); i++) {
                sink += fir.entrySsrc(i) + fir.entrySequenceNumber(i);
            }
        }
        sink += sr.errorMessage().length() + rr.errorMessage().length() + sdes.errorMessage().length()
                + bye.errorMessage().length() + app.errorMessage().length() + nack.errorMessage().length()
                + pli.errorMessage().length() + fir.errorMessage().length();
    }

    private void readBlock(ReportBlock block) {
        sink += block.ssrc() + block.fractionLost() + block.cumulativeLost() + block.extendedHighestSequence()
                + block.jitter() + block.lastSenderReport() + block.delaySinceLastSenderReport();
    }
}
