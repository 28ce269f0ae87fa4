package io.salvo.demo.receive;

import io.salvo.rtcp.Bye;
import io.salvo.rtcp.ReceiverReport;
import io.salvo.rtcp.ReportBlock;
import io.salvo.rtcp.RtcpCompound;
import io.salvo.rtcp.RtcpPacketType;
import io.salvo.rtcp.RtcpParseError;
import io.salvo.rtcp.SourceDescription;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A compound receiver report as the receiver sends it, read with the io.salvo.rtcp parsers: an RR,
 * an SDES with the reporter's CNAME, and a BYE of the reporter or nothing, in that order.
 */
record ParsedReport(long reporter, List<Block> blocks, String cname, boolean bye, int length) {

    /** One report block's fields. */
    record Block(long ssrc, int fractionLost, int cumulativeLost, long highestSequence, long jitter,
                 long lastSenderReport, long delaySinceLastSenderReport) {
    }

    /** Parses {@code datagram} (position 0 to limit), asserting its layout. */
    static ParsedReport parse(ByteBuffer datagram) {
        int length = datagram.remaining();
        RtcpCompound compound = new RtcpCompound();
        assertEquals(RtcpParseError.OK, compound.wrap(datagram, 0, length), compound.errorMessage());

        assertTrue(compound.next());
        assertEquals(RtcpPacketType.RR, compound.packetType(), "first packet");
        ReceiverReport rr = new ReceiverReport();
        assertEquals(RtcpParseError.OK, rr.wrap(datagram, compound.packetOffset(), compound.packetLength()));
        List<Block> blocks = new ArrayList<>();
        ReportBlock block = new ReportBlock();
        for (int i = 0; i < rr.reportCount(); i++) {
            rr.reportBlock(i, block);
            blocks.add(new Block(block.ssrc(), block.fractionLost(), block.cumulativeLost(),
                    block.extendedHighestSequence(), block.jitter(), block.lastSenderReport(),
                    block.delaySinceLastSenderReport()));
        }

        assertTrue(compound.next());
        assertEquals(RtcpPacketType.SDES, compound.packetType(), "second packet");
        SourceDescription sdes = new SourceDescription();
        assertEquals(RtcpParseError.OK, sdes.wrap(datagram, compound.packetOffset(), compound.packetLength()));
        assertEquals(1, sdes.chunkCount());
        String cname = sdes.cname(rr.ssrc());

        boolean bye = compound.next();
        if (bye) {
            assertEquals(RtcpPacketType.BYE, compound.packetType(), "third packet");
            Bye packet = new Bye();
            assertEquals(RtcpParseError.OK, packet.wrap(datagram, compound.packetOffset(), compound.packetLength()));
            assertEquals(1, packet.ssrcCount());
            assertEquals(rr.ssrc(), packet.ssrc(0), "BYE of the reporter");
            assertFalse(compound.next(), "nothing after the BYE");
        }
        return new ParsedReport(rr.ssrc(), blocks, cname, bye, length);
    }

    /** The only block. */
    Block only() {
        assertEquals(1, blocks.size(), blocks.toString());
        return blocks.get(0);
    }
}
