package io.salvo.packetizer;

import static io.salvo.packetizer.Packets.concat;
import static io.salvo.packetizer.Packets.datagrams;
import static io.salvo.packetizer.Packets.direct;
import static io.salvo.packetizer.Packets.hex;
import static io.salvo.packetizer.Packets.nal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.rtp.RtpPacketList;

import java.nio.ByteBuffer;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@link NalUnitPacketizer#packetize(NalUnitList, ByteBuffer, int, int, long, boolean, io.salvo.rtp.PacketSink)}:
 * units found by the caller give the very datagrams a scan of the frame gives, and units that do
 * not describe the frame are refused by name with nothing committed.
 */
class PrescannedNalUnitsTest {
    private static final byte[] SPS = hex("67 42C01F E9");
    private static final byte[] PPS = hex("68 CE3C80");
    private static final byte[] START4 = hex("00000001");
    private static final byte[] START3 = hex("000001");
    private static final int AT = 11;

    private static RtpStream stream() {
        return RtpStream.builder(96, 90_000).ssrc(0x11223344L).firstSequenceNumber(1000).build();
    }

    private static List<byte[]> scanned(NalUnitPacketizer packetizer, ByteBuffer frame, int length) {
        RtpPacketList sink = new RtpPacketList();
        packetizer.packetize(frame, AT, length, 3000, true, sink);
        return datagrams(sink);
    }

    private static List<byte[]> prescanned(NalUnitPacketizer packetizer, ByteBuffer frame, int length) {
        NalUnitList found = new NalUnitList().scanAnnexB(frame, AT, length, "H.264");
        RtpPacketList sink = new RtpPacketList();
        packetizer.packetize(found, frame, AT, length, 3000, true, sink);
        return datagrams(sink);
    }

    @Test
    void shouldMakeTheDatagramsAScanMakesForAggregatedFragmentedAndSingleUnits() {
        byte[] frame = concat(START4, hex("09 F0"), START3, nal(0x06, 30), START3, nal(0x65, 3000), START3,
                nal(0x65, 700), START4, nal(0x65, 20), hex("0000"));
        ByteBuffer buffer = direct(frame, AT);

        List<byte[]> expected = scanned(H264Packetizer.builder(stream()).maxDatagramSize(1200).build(), buffer,
                frame.length);
        List<byte[]> actual = prescanned(H264Packetizer.builder(stream()).maxDatagramSize(1200).build(), buffer,
                frame.length);

        assertTrue(expected.size() > 4, "aggregates, fragments and single units: " + expected.size());
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "datagram " + i);
        }
    }

    @Test
    void shouldInsertKeptParameterSetsBeforeAKeyframeLikeAScan() {
        byte[] first = concat(START4, SPS, START4, PPS, START4, nal(0x65, 100));
        byte[] second = concat(START4, nal(0x65, 2500));
        H264Packetizer scanning = H264Packetizer.builder(stream()).build();
        H264Packetizer given = H264Packetizer.builder(stream()).build();

        scanned(scanning, direct(first, AT), first.length);
        prescanned(given, direct(first, AT), first.length);
        List<byte[]> expected = scanned(scanning, direct(second, AT), second.length);
        List<byte[]> actual = prescanned(given, direct(second, AT), second.length);

        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "datagram " + i);
        }
        assertEquals(0x78, expected.get(0)[12] & 0xFF, "the kept SPS and PPS go first, in a STAP-A");
    }

    @Test
    void shouldRefuseUnitsThatDoNotDescribeTheFrameAndCommitNothing() {
        byte[] frame = concat(START4, nal(0x41, 150), START3, nal(0x41, 50));
        ByteBuffer buffer = direct(frame, AT);
        ByteBuffer other = direct(frame, AT);
        H264Packetizer packetizer = H264Packetizer.builder(stream()).build();
        RtpPacketList sink = new RtpPacketList();

        assertRefused(packetizer, new NalUnitList(), buffer, frame.length, sink, "has no NAL units");
        NalUnitList outside = new NalUnitList();
        outside.add(buffer, AT + 4, frame.length);
        assertRefused(packetizer, outside, buffer, frame.length, sink, "NAL unit 0 (" + frame.length
                + " bytes at offset 4) is not within the " + frame.length + "-byte frame");
        NalUnitList overlapping = new NalUnitList();
        overlapping.add(buffer, AT + 4, 50);
        overlapping.add(buffer, AT + 40, 50);
        assertRefused(packetizer, overlapping, buffer, frame.length, sink, "NAL unit 1 (50 bytes at offset 40)");
        NalUnitList elsewhere = new NalUnitList();
        elsewhere.add(other, AT + 4, 50);
        assertRefused(packetizer, elsewhere, buffer, frame.length, sink, "NAL unit 0 (50 bytes at offset 4)");
        NalUnitList forbidden = new NalUnitList();
        forbidden.add(buffer, AT + 4 + 127, 20); // a byte of the slice (0x80) read as a NAL header
        assertRefused(packetizer, forbidden, buffer, frame.length, sink, "NAL at offset 131 has forbidden_zero_bit");
        assertEquals(0, sink.size(), "nothing committed");
    }

    private static void assertRefused(NalUnitPacketizer packetizer, NalUnitList units, ByteBuffer frame, int length,
                                      RtpPacketList sink, String message) {
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> packetizer.packetize(units, frame, AT, length, 0, false, sink));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
