package io.salvo.packetizer;

import static io.salvo.packetizer.Packets.bytes;
import static io.salvo.packetizer.Packets.concat;
import static io.salvo.packetizer.Packets.direct;
import static io.salvo.packetizer.Packets.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.salvo.rtp.RtpPacketList;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class H265PacketizerTest {
    private static final long TIMESTAMP = 0x01020304L;
    private static final byte[] START4 = hex("00000001");
    private static final byte[] VPS = hex("4001 0C01FF");   // type 32; vps_video_parameter_set_id 0
    private static final byte[] SPS = hex("4201 01"         // type 33; vps 0, max_sub_layers_minus1 0, nesting 1
            + " 01 60000000 900000000000 5D"                // profile Main (1), tier 0, flags, level 93
            + " A0");                                       // sps_seq_parameter_set_id ue '1' = 0
    private static final byte[] PPS = hex("4401 C1");       // type 34; pps_pic_parameter_set_id 0

    private final RtpPacketList sink = new RtpPacketList();

    private static RtpStream stream() {
        return RtpStream.builder(97, 90_000).ssrc(0x11223344L).firstSequenceNumber(65535).build();
    }

    private static String header(int sequence, boolean marker) {
        return String.format("80 %02X %04X 01020304 11223344", marker ? 0xE1 : 0x61, sequence);
    }

    private static byte[] nal(int first, int second, int length) {
        byte[] nal = new byte[length];
        nal[0] = (byte) first;
        nal[1] = (byte) second;
        for (int i = 2; i < length; i++) {
            nal[i] = (byte) (i % 253 + 1);
        }
        return nal;
    }

    @Test
    void shouldSendSmallNalAsSingleNalUnitPacket() {
        H265Packetizer packetizer = H265Packetizer.builder(stream()).build();
        byte[] frame = concat(START4, hex("0201 AFAF"));
        ByteBuffer buffer = direct(frame, 13);

        packetizer.packetize(buffer, 13, frame.length, TIMESTAMP, false, sink);

        assertArrayEquals(hex(header(65535, true) + " 0201 AFAF"), bytes(sink.get(0)));
        assertSame(buffer, sink.get(0).message().vector(1).buffer());
        assertEquals(17, sink.get(0).message().vector(1).offset());
    }

    @Test
    void shouldAggregateParameterSetsAndSliceIntoAp() {
        H265Packetizer packetizer = H265Packetizer.builder(stream()).build();
        byte[] frame = concat(START4, VPS, START4, SPS, START4, PPS, START4, hex("2601 AF"));

        packetizer.packetize(direct(frame, 0), 0, frame.length, TIMESTAMP, true, sink);

        assertEquals(1, sink.size());
        byte[] expected = concat(hex(header(65535, true)
                + " 6001"          // PayloadHdr: F=0, type 48, LayerId 0, TID 1
                + " 0005"), VPS,
                hex("0010"), SPS,
                hex("0003"), PPS,
                hex("0003 2601AF"));
        assertArrayEquals(expected, bytes(sink.get(0)));
    }

    @Test
    void shouldTakeLowestLayerIdAndTidForAp() {
        H265Packetizer packetizer = H265Packetizer.builder(stream()).build();
        // TRAIL_N with LayerId 5 TID 3 (00 2B), then LayerId 3 TID 2 (00 1A)
        byte[] frame = concat(START4, hex("002B 11"), START4, hex("001A 22"));

        packetizer.packetize(direct(frame, 0), 0, frame.length, TIMESTAMP, false, sink);

        assertArrayEquals(hex(header(65535, true) + " 601A 0003 002B11 0003 001A22"), bytes(sink.get(0)));
    }

    @Test
    void shouldFragmentWithLayerIdAndTidOfTheNal() {
        H265Packetizer packetizer = H265Packetizer.builder(stream()).maxDatagramSize(60).build();
        byte[] nal = nal(0x01, 0x2B, 102); // TRAIL_R (type 0 << 1 | LayerId bit 5 = 1), LayerId 37, TID 3
        byte[] frame = concat(START4, nal);

        packetizer.packetize(direct(frame, 0), 0, frame.length, TIMESTAMP, false, sink);

        // 100 bytes after the 2-byte header, 45 per fragment at most: 3 fragments of 34, 34, 32
        assertEquals(3, sink.size());
        assertArrayEquals(concat(hex(header(65535, false) + " 632B 80"), Arrays.copyOfRange(nal, 2, 36)),
                bytes(sink.get(0)), "PayloadHdr type 49 with LayerId 37 TID 3; FU header S=1, FuType 0");
        assertArrayEquals(concat(hex(header(0, false) + " 632B 00"), Arrays.copyOfRange(nal, 36, 70)),
                bytes(sink.get(1)), "middle");
        assertArrayEquals(concat(hex(header(1, true) + " 632B 40"), Arrays.copyOfRange(nal, 70, 102)),
                bytes(sink.get(2)), "end with marker");
        assertEquals(sink.get(0).length(), sink.get(1).length());
    }

    @Test
    void shouldSendVpsSpsPpsBeforeIrapThatLacksThem() {
        H265Packetizer packetizer = H265Packetizer.builder(stream()).build();
        byte[] sets = concat(START4, VPS, START4, SPS, START4, PPS);
        packetizer.observeParameterSets(direct(sets, 0), 0, sets.length);
        byte[] cra = concat(START4, hex("4601 50"), START4, hex("2A01 AF")); // AUD, CRA

        packetizer.packetize(direct(cra, 0), 0, cra.length, TIMESTAMP, true, sink);

        byte[] expected = concat(hex(header(65535, true) + " 6001 0003 460150 0005"), VPS, hex("0010"), SPS,
                hex("0003"), PPS, hex("0003 2A01AF"));
        assertArrayEquals(expected, bytes(sink.get(0)));
    }

    @Test
    void shouldWriteSpropParametersForSdp() {
        H265Packetizer packetizer = H265Packetizer.builder(stream()).build();
        assertEquals("", packetizer.formatParameters());
        byte[] sets = concat(START4, VPS, START4, SPS, START4, PPS);

        assertEquals(3, packetizer.observeParameterSets(direct(sets, 0), 0, sets.length));

        assertEquals("profile-id=1;tier-flag=0;level-id=93;sprop-vps=QAEMAf8=;sprop-sps=QgEBAWAAAACQAAAAAABdoA==;"
                + "sprop-pps=RAHB", packetizer.formatParameters());
        assertEquals("H265", packetizer.encodingName());
    }

    @Test
    void shouldReadHvcCRecordAndLengthPrefixedInput() {
        byte[] hvcC = concat(hex("01 01 60000000 900000000000 5D F000 FC FD F8 F8 0000 0F"), // lengthSizeMinusOne 3
                hex("03"),                       // numOfArrays
                hex("A0 0001 0005"), VPS,        // array: complete, VPS, 1 NAL
                hex("A1 0001 0010"), SPS,
                hex("A2 0001 0003"), PPS);
        HevcConfig config = HevcConfig.parse(ByteBuffer.wrap(hvcC));
        assertEquals(4, config.nalLengthSize());
        assertEquals(1, config.profile());
        assertEquals(93, config.level());
        H265Packetizer packetizer = H265Packetizer.builder(stream()).hevcConfig(config).aggregation(false).build();
        byte[] frame = hex("00000003 2601AF");

        packetizer.packetize(direct(frame, 0), 0, frame.length, TIMESTAMP, true, sink);

        assertEquals(4, sink.size());
        assertArrayEquals(concat(hex(header(65535, false)), VPS), bytes(sink.get(0)));
        assertArrayEquals(concat(hex(header(2, true)), hex("2601AF")), bytes(sink.get(3)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "000001 26                 | 3 | H.265 NAL at offset 3 is 1 byte long, shorter than its 2-byte header",
        "000001 A601 AA            | 3 | H.265 NAL at offset 3 has forbidden_zero_bit set",
        "000001 2600 AA            | 3 | H.265 NAL at offset 3 has nuh_temporal_id_plus1 = 0, which is forbidden",
        "000001 6201 AA            | 3 | H.265 NAL at offset 3 has type 49, which RFC 7798 reserves for the payload format",
        "0000000001 2601 000001    | 10 | H.265 NAL at offset 10 has zero length",
    })
    void shouldRejectMalformedFrame(String frameHex, int offset, String message) {
        H265Packetizer packetizer = H265Packetizer.builder(stream()).build();
        byte[] frame = hex(frameHex);

        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> packetizer.packetize(direct(frame, 3), 3, frame.length, TIMESTAMP, false, sink));

        assertEquals(message, e.getMessage());
        assertEquals(offset, e.offset());
        assertEquals(0, sink.size());
    }

    @Test
    void shouldRejectDatagramSizeWithoutRoomForFuHeaderAndOneByte() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> H265Packetizer.builder(stream()).maxDatagramSize(15).build());
        assertEquals("max datagram size 15 is too small: the 12-byte RTP header, the 3-byte H.265 fragmentation"
                + " header and one payload byte need 16", e.getMessage());
    }
}
