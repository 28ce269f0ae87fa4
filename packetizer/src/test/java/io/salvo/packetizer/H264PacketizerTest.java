package io.salvo.packetizer;

import static io.salvo.packetizer.Packets.bytes;
import static io.salvo.packetizer.Packets.concat;
import static io.salvo.packetizer.Packets.direct;
import static io.salvo.packetizer.Packets.hex;
import static io.salvo.packetizer.Packets.nal;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.rtp.HeaderExtensions;
import io.salvo.rtp.OutputVector;
import io.salvo.rtp.RtpPacketList;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class H264PacketizerTest {
    private static final long TIMESTAMP = 0x01020304L;
    // RTP header, seq 1000, no marker: V=2 | M=0 PT=96 | seq 0x03E8 | timestamp | SSRC
    private static final String HEADER = "80 60 03E8 01020304 11223344";
    private static final String HEADER_MARKER = "80 E0 03E8 01020304 11223344";
    private static final byte[] SPS = hex("67 42C01F E9"); // profile 66, constraints C0, level 31, id ue '1' = 0
    private static final byte[] PPS = hex("68 CE3C80");    // pic_parameter_set_id ue '1' = 0
    private static final byte[] START4 = hex("00000001");
    private static final byte[] START3 = hex("000001");

    private final RtpPacketList sink = new RtpPacketList();

    private static RtpStream stream() {
        return RtpStream.builder(96, 90_000).ssrc(0x11223344L).firstSequenceNumber(1000).build();
    }

    private static String header(int sequence, boolean marker) {
        return String.format("80 %02X %04X 01020304 11223344", marker ? 0xE0 : 0x60, sequence);
    }

    @Test
    void shouldSendOneSmallNalAsSingleNalUnitPacketAliasingTheFrame() {
        H264Packetizer packetizer = H264Packetizer.builder(stream()).build();
        byte[] frame = hex("00000001 65 AABB");
        ByteBuffer buffer = direct(frame, 37);

        int count = packetizer.packetize(buffer, 37, frame.length, TIMESTAMP, true, sink);

        assertEquals(1, count);
        assertArrayEquals(hex(HEADER_MARKER + " 65 AABB"), bytes(sink.get(0)));
        OutputVector payload = sink.get(0).message().vector(1);
        assertSame(buffer, payload.buffer());
        assertEquals(37 + 4, payload.offset());
        assertEquals(3, payload.length());
    }

    @Test
    void shouldAggregateSpsPpsAndSmallSliceIntoStapA() {
        H264Packetizer packetizer = H264Packetizer.builder(stream()).build();
        byte[] frame = concat(START4, SPS, START3, PPS, START3, hex("65 8884"));

        packetizer.packetize(direct(frame, 5), 5, frame.length, TIMESTAMP, true, sink);

        assertEquals(1, sink.size());
        byte[] expected = hex(HEADER_MARKER
                + " 78"               // STAP-A: F=0, NRI=3 (highest of the units), type 24
                + " 0005 67 42C01F E9" // size 5, SPS
                + " 0004 68 CE3C80"    // size 4, PPS
                + " 0003 65 8884");    // size 3, IDR slice
        assertArrayEquals(expected, bytes(sink.get(0)));
        // header+STAP-A byte, then (size, NAL) pairs: 1 + 2 * 3 vectors, the sizes in the slot
        assertEquals(7, sink.get(0).message().vectorCount());
    }

    @Test
    void shouldFragmentLargeNalIntoEqualFuAPackets() {
        H264Packetizer packetizer = H264Packetizer.builder(stream()).maxDatagramSize(100).build();
        byte[] nal = nal(0x65, 201);
        byte[] frame = concat(START4, nal);
        ByteBuffer buffer = direct(frame, 3);

        packetizer.packetize(buffer, 3, frame.length, TIMESTAMP, true, sink);

        // 200 bytes after the NAL header, 86 per fragment at most: 3 fragments of 67, 67, 66
        assertEquals(3, sink.size());
        assertArrayEquals(concat(hex(header(1000, false) + " 7C 85"), Arrays.copyOfRange(nal, 1, 68)),
                bytes(sink.get(0)), "FU indicator NRI=3 type 28; FU header S=1 type 5");
        assertArrayEquals(concat(hex(header(1001, false) + " 7C 05"), Arrays.copyOfRange(nal, 68, 135)),
                bytes(sink.get(1)), "middle: S=0 E=0");
        assertArrayEquals(concat(hex(header(1002, true) + " 7C 45"), Arrays.copyOfRange(nal, 135, 201)),
                bytes(sink.get(2)), "end: E=1, marker");
        assertEquals(81, sink.get(0).length());
        assertEquals(81, sink.get(1).length());
        assertEquals(80, sink.get(2).length());
        assertSame(buffer, sink.get(1).message().vector(1).buffer());
        assertEquals(3 + 4 + 68, sink.get(1).message().vector(1).offset());
    }

    @Test
    void shouldFillFragmentsToTheLimitInGreedyMode() {
        H264Packetizer packetizer = H264Packetizer.builder(stream()).maxDatagramSize(100).equalFragments(false).build();
        byte[] frame = concat(START4, nal(0x41, 201));

        packetizer.packetize(direct(frame, 0), 0, frame.length, TIMESTAMP, false, sink);

        assertEquals(3, sink.size());
        assertEquals(100, sink.get(0).length());
        assertEquals(100, sink.get(1).length());
        assertEquals(12 + 2 + 28, sink.get(2).length());
        assertEquals(0x5C, bytes(sink.get(0))[12] & 0xFF, "FU indicator keeps NRI=2 of 0x41");
        assertEquals(0x81, bytes(sink.get(0))[13] & 0xFF, "FU header S=1, type 1");
    }

    @Test
    void shouldSetMarkerOnlyOnLastPacketOfAccessUnit() {
        H264Packetizer packetizer = H264Packetizer.builder(stream()).maxDatagramSize(100).build();
        byte[] frame = concat(START4, nal(0x06, 10), START3, nal(0x65, 300), START3, nal(0x65, 50),
                START3, nal(0x65, 60));

        int count = packetizer.packetize(direct(frame, 0), 0, frame.length, TIMESTAMP, true, sink);

        // SEI alone (the IDR after it is too large to join), 4 FU-A, then the two small slices
        // do not fit together (1 + 2 + 50 + 2 + 60 > 88): two single packets
        assertEquals(1 + 4 + 2, count);
        for (int i = 0; i < count; i++) {
            assertEquals(i == count - 1, sink.get(i).marker(), "marker of packet " + i);
            assertTrue(sink.get(i).length() <= 100);
        }
    }

    @Test
    void shouldSendKeptParameterSetsBeforeIdrThatLacksThem() {
        H264Packetizer packetizer = H264Packetizer.builder(stream()).build();
        byte[] first = concat(START4, SPS, START4, PPS, START4, hex("65 8884"));
        packetizer.packetize(direct(first, 0), 0, first.length, TIMESTAMP, true, sink);
        sink.clear();
        byte[] idr = concat(START4, hex("09 F0"), START4, hex("65 1122"));

        packetizer.packetize(direct(idr, 0), 0, idr.length, TIMESTAMP, true, sink);

        byte[] expected = hex(header(1001, true)
                + " 78 0002 09F0"    // STAP-A: the AUD stays first
                + " 0005 67 42C01F E9 0004 68 CE3C80" // kept SPS and PPS, inserted
                + " 0003 65 1122");
        assertArrayEquals(expected, bytes(sink.get(0)));
        assertSame(packetizer.parameterSets().buffer(), sink.get(0).message().vector(4).buffer(),
                "the inserted SPS is a view of the packetizer's own copy");
    }

    @Test
    void shouldNotInsertParameterSetsWhenSwitchedOffOrForNonIdr() {
        H264Packetizer off = H264Packetizer.builder(stream()).parameterSetsBeforeKeyframe(false).build();
        byte[] first = concat(START4, SPS, START4, PPS);
        off.observeParameterSets(direct(first, 0), 0, first.length);
        byte[] idr = concat(START4, hex("65 1122"));
        off.packetize(direct(idr, 0), 0, idr.length, TIMESTAMP, true, sink);
        assertArrayEquals(hex(HEADER_MARKER + " 65 1122"), bytes(sink.get(0)));

        sink.clear();
        H264Packetizer on = H264Packetizer.builder(stream()).build();
        on.observeParameterSets(direct(first, 0), 0, first.length);
        byte[] slice = concat(START4, hex("41 1122"));
        on.packetize(direct(slice, 0), 0, slice.length, TIMESTAMP, false, sink);
        assertArrayEquals(hex(HEADER_MARKER + " 41 1122"), bytes(sink.get(0)));
    }

    @Test
    void shouldExposeParameterSetsForSdp() {
        H264Packetizer packetizer = H264Packetizer.builder(stream()).build();
        assertEquals("packetization-mode=1", packetizer.formatParameters());
        byte[] frame = concat(START4, SPS, START3, PPS, START3, hex("65 88"));

        assertEquals(2, packetizer.observeParameterSets(direct(frame, 11), 11, frame.length));

        assertEquals("packetization-mode=1;profile-level-id=42c01f;sprop-parameter-sets=Z0LAH+k=,aM48gA==",
                packetizer.formatParameters());
        assertEquals("H264", packetizer.encodingName());
    }

    @Test
    void shouldReadLengthPrefixedInputWithSetsFromAvcC() {
        byte[] avcC = concat(hex("01 42C01F FF E1"), hex("0005"), SPS, hex("01 0004"), PPS);
        AvcConfig config = AvcConfig.parse(ByteBuffer.wrap(avcC));
        H264Packetizer packetizer = H264Packetizer.builder(stream()).avcConfig(config).build();
        byte[] frame = hex("00000003 65 8884 00000002 01 02".replace("01 02", "41 02"));

        packetizer.packetize(direct(frame, 9), 9, frame.length, TIMESTAMP, true, sink);

        byte[] expected = hex(HEADER_MARKER + " 78 0005 6742C01FE9 0004 68CE3C80 0003 658884 0002 4102");
        assertArrayEquals(expected, bytes(sink.get(0)));
        assertEquals(4, packetizer.nalLengthSize());
    }

    @Test
    void shouldSendOnlySingleNalUnitPacketsInMode0() {
        H264Packetizer packetizer = H264Packetizer.builder(stream()).packetizationMode(0).build();
        byte[] frame = concat(START4, SPS, START3, PPS, START3, hex("65 8884"));

        packetizer.packetize(direct(frame, 0), 0, frame.length, TIMESTAMP, true, sink);

        assertEquals(3, sink.size());
        assertArrayEquals(hex(header(1000, false) + " 67 42C01F E9"), bytes(sink.get(0)));
        assertArrayEquals(hex(header(1001, false) + " 68 CE3C80"), bytes(sink.get(1)));
        assertArrayEquals(hex(header(1002, true) + " 65 8884"), bytes(sink.get(2)));
        assertEquals("packetization-mode=0;profile-level-id=42c01f;sprop-parameter-sets=Z0LAH+k=,aM48gA==",
                packetizer.formatParameters());
    }

    @Test
    void shouldRejectNalAboveLimitInMode0NamingSizeAndLimit() {
        H264Packetizer packetizer = H264Packetizer.builder(stream()).packetizationMode(0).maxDatagramSize(100).build();
        byte[] frame = concat(START4, hex("09 F0"), START4, nal(0x65, 200));

        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> packetizer.packetize(direct(frame, 0), 0, frame.length, TIMESTAMP, true, sink));

        assertEquals("H.264 NAL of 200 bytes at offset 10 does not fit one packet: packetization-mode 0 allows"
                + " at most 88 payload bytes (max datagram size 100 less a 12-byte RTP header)", e.getMessage());
        assertEquals(0, sink.size());
        assertEquals(1000, packetizer.stream().nextSequenceNumber());
    }

    @Test
    void shouldComputeBudgetFromRealHeaderLength() {
        HeaderExtensions extensions = new HeaderExtensions().add(3, new byte[] {1, 2, 3}); // 4 + 4 bytes
        RtpStream stream = RtpStream.builder(96, 90_000).csrcs(7, 8).extensions(extensions).build();
        H264Packetizer packetizer = H264Packetizer.builder(stream).maxDatagramSize(100).build();
        assertEquals(100 - 12 - 8 - 8, packetizer.payloadBudget());
        byte[] frame = concat(START4, nal(0x65, 500));

        packetizer.packetize(direct(frame, 0), 0, frame.length, TIMESTAMP, true, sink);

        // 499 bytes after the NAL header, 70 per fragment at most: 8 fragments of 63 (the last 58)
        assertEquals(8, sink.size());
        for (int i = 0; i < 7; i++) {
            assertEquals(28 + 2 + 63, sink.get(i).length());
        }
        assertEquals(28 + 2 + 58, sink.get(7).length());
    }

    @Test
    void shouldRejectDatagramSizeTooSmallForHeaderAtConfiguration() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> H264Packetizer.builder(stream()).maxDatagramSize(14).build());
        assertEquals("max datagram size 14 is too small: the 12-byte RTP header, the 2-byte H.264"
                + " fragmentation header and one payload byte need 15", e.getMessage());
        RtpStream withCsrcs = RtpStream.builder(96, 90_000).csrcs(1, 2).build();
        IllegalStateException mode0 = assertThrows(IllegalStateException.class,
                () -> H264Packetizer.builder(withCsrcs).packetizationMode(0).maxDatagramSize(20).build());
        assertEquals(21, H264Packetizer.builder(withCsrcs).packetizationMode(0).maxDatagramSize(21).build().maxDatagramSize());
        assertEquals("max datagram size 20 is too small: the 20-byte RTP header and a one-byte NAL unit need 21", mode0.getMessage());
        assertEquals(15, H264Packetizer.builder(stream()).maxDatagramSize(15).build().maxDatagramSize());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // Annex B (length size 0)
        "0 | 65 0011                     | 0 | H.264 frame of 3 bytes does not begin with a start code (00 00 01) at offset 0",
        "0 | 0001 65 11                  | 0 | H.264 frame of 4 bytes does not begin with a start code (00 00 01) at offset 0",
        "0 | 000001 000001 65 11         | 3 | H.264 NAL at offset 3 has zero length",
        "0 | 000001 65 11 00000001       | 9 | H.264 NAL at offset 9 has zero length",
        "0 | 000001 65 11 000001 E5 11   | 8 | H.264 NAL at offset 8 has forbidden_zero_bit set",
        "0 | 000001 7C 11                | 3 | H.264 NAL at offset 3 has type 28, which RFC 6184 reserves for the payload format",
        "0 | 000001 00 11                | 3 | H.264 NAL at offset 3 has type 0, which RFC 6184 reserves for the payload format",
        // length-prefixed
        "4 | 00000005 65 11              | 0 | H.264 NAL length prefix at offset 0 says 5 bytes, but only 2 remain in the frame",
        "4 | 00000001 65 0000            | 5 | H.264 NAL length prefix at offset 5 needs 4 bytes, only 2 remain",
        "2 | 0001 65 0000                | 3 | H.264 NAL at offset 5 has zero length",
        "1 | 01 65 02 E5 11              | 3 | H.264 NAL at offset 3 has forbidden_zero_bit set",
        "0 | 00000001 67 42              | 4 | H.264 parameter set (type 7) at offset 4 is malformed: RBSP ends after 1 bytes while reading a field",
    })
    void shouldRejectMalformedFrameNamingOffsetAndCommitNothing(int lengthSize, String frameHex, int offset,
                                                                 String message) {
        H264Packetizer packetizer = H264Packetizer.builder(stream()).nalLengthSize(lengthSize).build();
        byte[] frame = hex(frameHex);

        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> packetizer.packetize(direct(frame, 21), 21, frame.length, TIMESTAMP, true, sink));

        assertEquals(message, e.getMessage());
        assertEquals(offset, e.offset());
        assertEquals(0, sink.size());
        assertEquals(1000, packetizer.stream().nextSequenceNumber(), "no header was written");
    }

    @Test
    void shouldKeepEarlierPacketsAndGoOnAfterMalformedFrame() {
        H264Packetizer packetizer = H264Packetizer.builder(stream()).build();
        byte[] good = hex("00000001 41 AA");
        byte[] bad = hex("00000001 C1 AA");
        packetizer.packetize(direct(good, 0), 0, good.length, TIMESTAMP, false, sink);
        assertThrows(MalformedFrameException.class,
                () -> packetizer.packetize(direct(bad, 0), 0, bad.length, TIMESTAMP, false, sink));
        packetizer.packetize(direct(good, 0), 0, good.length, TIMESTAMP, false, sink);

        assertEquals(2, sink.size());
        assertArrayEquals(hex(header(1000, true) + " 41 AA"), bytes(sink.get(0)));
        assertArrayEquals(hex(header(1001, true) + " 41 AA"), bytes(sink.get(1)));
    }

    @Test
    void shouldStripTrailingZerosAndAcceptLeadingZeros() {
        H264Packetizer packetizer = H264Packetizer.builder(stream()).aggregation(false).build();
        byte[] frame = hex("0000 00000001 41 AA 0000 000001 41 BB 00");

        packetizer.packetize(direct(frame, 0), 0, frame.length, TIMESTAMP, false, sink);

        assertEquals(2, sink.size());
        assertArrayEquals(hex(header(1000, false) + " 41 AA"), bytes(sink.get(0)));
        assertArrayEquals(hex(header(1001, true) + " 41 BB"), bytes(sink.get(1)));
        assertFalse(sink.get(0).marker());
    }

    @Test
    void shouldSplitAggregationWhenLengthFieldsWouldOverflowTheHeaderSlot() {
        H264Packetizer packetizer = H264Packetizer.builder(stream()).build();
        java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 150; i++) {
            frame.writeBytes(START3);
            frame.writeBytes(new byte[] {0x41, (byte) (i + 1)});
        }
        byte[] bytes = frame.toByteArray();

        packetizer.packetize(direct(bytes, 0), 0, bytes.length, TIMESTAMP, false, sink);

        // a 256-byte slot holds the 12-byte header, the STAP-A byte and 121 two-byte length fields
        assertEquals(2, sink.size());
        assertEquals(1 + 2 * 121, sink.get(0).message().vectorCount());
        assertEquals(1 + 2 * 29, sink.get(1).message().vectorCount());
        Depacketizer depacketizer = new Depacketizer(false);
        depacketizer.receive(bytes(sink.get(0)));
        depacketizer.receive(bytes(sink.get(1)));
        assertEquals(150, depacketizer.accessUnits().get(0).nalUnits().size());
        assertArrayEquals(hex("41 96"), depacketizer.accessUnits().get(0).nalUnits().get(149));
    }
}
