package io.salvo.packetizer;

import io.salvo.rtp.OutputMessage;
import io.salvo.rtp.RtpPacketList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static io.salvo.packetizer.Av1Packetizer.OBU_FRAME;
import static io.salvo.packetizer.Av1Packetizer.OBU_METADATA;
import static io.salvo.packetizer.Av1Packetizer.OBU_PADDING;
import static io.salvo.packetizer.Av1Packetizer.OBU_SEQUENCE_HEADER;
import static io.salvo.packetizer.Av1Packetizer.OBU_TEMPORAL_DELIMITER;
import static io.salvo.packetizer.Av1Packetizer.OBU_TILE_GROUP;
import static io.salvo.packetizer.Av1Packetizer.OBU_TILE_LIST;
import static io.salvo.packetizer.Av1Packetizer.OBU_FRAME_HEADER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Av1PacketizerTest {
    private final Random random = new Random(1);

    /** Packetizes, checks aliasing and the datagram limit, and returns the depacketized unit. */
    private static byte[] roundTrip(Av1Packetizer packetizer, byte[] unit, int offset, RtpPacketList list,
                                    Av1Depacketizer depacketizer) {
        ByteBuffer frame = VpxPackets.framed(unit, offset);
        packetizer.packetize(frame, offset, unit.length, 3000, false, list);
        VpxPackets.checkPayloadAliases(list, frame);
        List<byte[]> datagrams = VpxPackets.datagrams(list);
        for (int i = 0; i < datagrams.size(); i++) {
            assertTrue(datagrams.get(i).length <= packetizer.maxDatagramSize(), "datagram " + i);
            assertEquals(i == datagrams.size() - 1, VpxPackets.marker(datagrams.get(i)), "marker " + i);
        }
        return depacketizer.temporalUnit(datagrams);
    }

    @Test
    void shouldDropTheTemporalDelimiterAndClearSizeFieldsInOnePacket() {
        byte[] unit = VpxPackets.hex("12 00"                   // temporal delimiter, obu_size 0
                + "0a 06 00 00 00 44 aa bb"                     // sequence header, obu_size 6
                + "32 04 10 c1 c2 c3");                         // frame, obu_size 4, key frame
        Av1Packetizer packetizer = new Av1Packetizer(VpxPackets.videoStream());
        RtpPacketList list = new RtpPacketList();
        ByteBuffer frame = VpxPackets.framed(unit, 9);
        assertEquals(1, packetizer.packetize(frame, 9, unit.length, 3000, true, list));
        assertArrayEquals(VpxPackets.hex("80 e0 03e8 00000bb8 12345678" // marker, seq 1000, ts 3000
                + "28"                  // Z=0 Y=0 W=2 N=1
                + "07"                  // element 1 length 7 (LEB128)
                + "08 00 00 00 44 aa bb" // sequence header, obu_has_size_field cleared
                + "30 10 c1 c2 c3"),    // frame, no length field (last of W=2)
                VpxPackets.bytes(list.get(0)));
        OutputMessage message = list.get(0).message();
        assertEquals(4, message.vectorCount()); // slot, SH payload view, slot (frame OBU header), frame payload view
        assertEquals(frame, message.vector(1).buffer());
        assertEquals(9 + 4, message.vector(1).offset()); // after the delimiter, the SH header and its size
        assertEquals(frame, message.vector(3).buffer());
        assertEquals("profile=0;level-idx=8;tier=1", packetizer.formatParameters());
    }

    @Test
    void shouldFragmentIntoEqualDatagramsWithZAndY() {
        byte[] frameObu = Av1Obus.framePayload(true, 5000, random);
        byte[] unit = new Av1Obus().obu(OBU_TEMPORAL_DELIMITER, -1, new byte[0])
                .obu(OBU_SEQUENCE_HEADER, -1, Av1Obus.SEQUENCE_HEADER).obu(OBU_FRAME, -1, frameObu).bytes();
        RtpPacketList list = new RtpPacketList();
        Av1Depacketizer depacketizer = new Av1Depacketizer();
        assertArrayEquals(Av1Depacketizer.rewrite(unit), roundTrip(new Av1Packetizer(VpxPackets.videoStream()), unit, 0,
                list, depacketizer));
        List<byte[]> datagrams = VpxPackets.datagrams(list);
        VpxPackets.checkShape(datagrams, 1200, 3000);
        // first: RTP 12 + aggregation 1 + length 1 + SH element 7; others: RTP 12 + aggregation 1
        assertEquals(EqualDatagrams.count(5001, 21, 13, 1200), datagrams.size());
        assertEquals(EqualDatagrams.datagramSize(5001, 21, 13, 1200), datagrams.get(0).length);
        List<Av1Depacketizer.Aggregation> a = depacketizer.aggregations;
        assertEquals("Z=false Y=true W=2 N=true", describe(a.get(0)));
        assertEquals("Z=true Y=true W=1 N=false", describe(a.get(1)));
        assertEquals("Z=true Y=false W=1 N=false", describe(a.get(a.size() - 1)));
    }

    private static String describe(Av1Depacketizer.Aggregation a) {
        return "Z=" + a.z + " Y=" + a.y + " W=" + a.w + " N=" + a.n;
    }

    @Test
    void shouldPrefixEveryElementWhenAPacketHoldsMoreThanThree() {
        Av1Obus obus = new Av1Obus();
        for (int i = 0; i < 5; i++) {
            obus.obu(OBU_METADATA, -1, Av1Obus.random(10 + i, random));
        }
        byte[] unit = obus.bytes();
        RtpPacketList list = new RtpPacketList();
        Av1Depacketizer depacketizer = new Av1Depacketizer();
        assertArrayEquals(Av1Depacketizer.rewrite(unit), roundTrip(new Av1Packetizer(VpxPackets.videoStream()), unit, 3,
                list, depacketizer));
        assertEquals(1, list.size());
        Av1Depacketizer.Aggregation a = depacketizer.aggregations.get(0);
        assertEquals(0, a.w);
        assertEquals(List.of(11, 12, 13, 14, 15), a.elementLengths);
        assertEquals(List.of(true, true, true, true, true), a.lengthPrefixed);
        assertFalse(a.n);
    }

    @Test
    void shouldNeverMixTemporalOrSpatialLayersInAPacket() {
        byte[] unit = new Av1Obus().obu(OBU_SEQUENCE_HEADER, -1, Av1Obus.SEQUENCE_HEADER)
                .obu(OBU_FRAME, 0, Av1Obus.framePayload(true, 100, random))      // tid 0, sid 0
                .obu(OBU_METADATA, -1, Av1Obus.random(8, random))               // no layer: may join either
                .obu(OBU_FRAME, 1, Av1Obus.framePayload(false, 100, random))     // tid 0, sid 1
                .obu(OBU_FRAME, 1 << 2, Av1Obus.framePayload(false, 100, random)) // tid 1, sid 0
                .bytes();
        RtpPacketList list = new RtpPacketList();
        Av1Depacketizer depacketizer = new Av1Depacketizer();
        assertArrayEquals(Av1Depacketizer.rewrite(unit), roundTrip(new Av1Packetizer(VpxPackets.videoStream()), unit, 0,
                list, depacketizer));
        // 333 bytes would fit one packet: three packets, one per layer (the layerless metadata OBU may be
        // fragmented across the first two by the equal-size fill)
        assertEquals(3, list.size());
        assertTrue(depacketizer.aggregations.get(0).n);
        for (int i = 0; i < 3; i++) {
            byte[] payload = VpxPackets.payload(VpxPackets.bytes(list.get(i)));
            Av1Depacketizer.Aggregation a = depacketizer.aggregations.get(i);
            int at = 1;
            int layer = -1;
            for (int e = 0; e < a.elementLengths.size(); e++) {
                if (a.lengthPrefixed.get(e)) {
                    at++; // every element here is shorter than 128 bytes: one LEB128 byte
                }
                boolean startsObu = e > 0 || !a.z;
                if (startsObu && (payload[at] & 0x04) != 0) {
                    int obuLayer = payload[at + 1] & 0xFF;
                    assertTrue(layer < 0 || layer == obuLayer, "packet " + i + " mixes layers");
                    layer = obuLayer;
                }
                at += a.elementLengths.get(e);
            }
        }
    }

    @Test
    void shouldCloseAPacketBeforeItsSlotOverflows() {
        Av1Obus obus = new Av1Obus();
        for (int i = 0; i < 150; i++) {
            obus.obu(OBU_METADATA, -1, new byte[] {(byte) i});
        }
        byte[] unit = obus.bytes();
        RtpPacketList list = new RtpPacketList();
        Av1Depacketizer depacketizer = new Av1Depacketizer();
        assertArrayEquals(Av1Depacketizer.rewrite(unit), roundTrip(new Av1Packetizer(VpxPackets.videoStream()), unit, 0,
                list, depacketizer));
        // each element takes a length byte and a header byte of the slot: 256 - 12 - 1 = 243 → at most 121 per
        // packet, so 2 packets, which the equal-size search then balances
        assertEquals(2, list.size());
        assertEquals(75, depacketizer.aggregations.get(0).elementLengths.size());
        assertEquals(75, depacketizer.aggregations.get(1).elementLengths.size());
    }

    @Test
    void shouldRoundTripRandomTemporalUnits() {
        int[] types = {OBU_SEQUENCE_HEADER, OBU_TEMPORAL_DELIMITER, OBU_FRAME_HEADER, OBU_TILE_GROUP, OBU_METADATA,
                OBU_FRAME, OBU_PADDING, OBU_TILE_LIST};
        Av1Packetizer packetizer = new Av1Packetizer(VpxPackets.videoStream());
        for (int n = 0; n < 400; n++) {
            Av1Obus obus = new Av1Obus();
            int count = 1 + random.nextInt(n % 10 == 0 ? 40 : 6);
            int layer = random.nextInt(3) - 1;
            for (int i = 0; i < count; i++) {
                int type = types[random.nextInt(types.length)];
                int size = random.nextInt(random.nextInt(8) == 0 ? 60_000 : 300);
                byte[] payload = type == OBU_SEQUENCE_HEADER ? Av1Obus.SEQUENCE_HEADER
                        : type == OBU_FRAME || type == OBU_FRAME_HEADER ? Av1Obus.framePayload(random.nextBoolean(), size, random)
                        : Av1Obus.random(size, random);
                boolean extension = type != OBU_SEQUENCE_HEADER && random.nextBoolean();
                if (random.nextInt(4) == 0) {
                    layer = random.nextInt(32);
                }
                obus.obu(type, extension ? layer : -1, payload, i < count - 1 || random.nextBoolean());
            }
            byte[] unit = obus.bytes();
            byte[] expected = Av1Depacketizer.rewrite(unit);
            RtpPacketList list = new RtpPacketList();
            if (expected.length == 0) {
                assertEquals(0, packetizer.packetize(ByteBuffer.wrap(unit), 0, unit.length, 0, false, list));
                continue;
            }
            assertArrayEquals(expected, roundTrip(packetizer, unit, n % 7, list, new Av1Depacketizer()), "unit " + n);
        }
    }

    @Test
    void shouldKeepDatagramsEqualForASequenceHeaderAndAFrameOfAnySize() {
        Av1Packetizer packetizer = Av1Packetizer.builder(VpxPackets.videoStream()).maxDatagramSize(1000).build();
        for (int n = 0; n < 200; n++) {
            int size = 1 + random.nextInt(n % 2 == 0 ? 300_000 : 5_000);
            byte[] unit = new Av1Obus().obu(OBU_TEMPORAL_DELIMITER, -1, new byte[0])
                    .obu(OBU_SEQUENCE_HEADER, -1, Av1Obus.SEQUENCE_HEADER)
                    .obu(OBU_FRAME, -1, Av1Obus.framePayload(true, size, random)).bytes();
            RtpPacketList list = new RtpPacketList();
            assertArrayEquals(Av1Depacketizer.rewrite(unit), roundTrip(packetizer, unit, 0, list, new Av1Depacketizer()));
            List<byte[]> datagrams = VpxPackets.datagrams(list);
            VpxPackets.checkShape(datagrams, 1000, 3000);
            assertEquals(EqualDatagrams.count(size + 1, 21, 13, 1000), datagrams.size(), "size " + size);
        }
    }

    @Test
    void shouldSetNOnlyOnTemporalUnitsWithASequenceHeaderAndAKeyFrame() {
        Av1Packetizer packetizer = new Av1Packetizer(VpxPackets.videoStream());
        byte[][] units = {
                new Av1Obus().obu(OBU_SEQUENCE_HEADER, -1, Av1Obus.SEQUENCE_HEADER)
                        .obu(OBU_FRAME, -1, Av1Obus.framePayload(true, 9, random)).bytes(),
                new Av1Obus().obu(OBU_FRAME, -1, Av1Obus.framePayload(true, 9, random)).bytes(),
                new Av1Obus().obu(OBU_SEQUENCE_HEADER, -1, Av1Obus.SEQUENCE_HEADER)
                        .obu(OBU_FRAME_HEADER, -1, Av1Obus.framePayload(false, 9, random)).bytes(),
        };
        boolean[] expected = {true, false, false};
        for (int i = 0; i < units.length; i++) {
            Av1Depacketizer depacketizer = new Av1Depacketizer();
            roundTrip(packetizer, units[i], 0, new RtpPacketList(), depacketizer);
            assertEquals(expected[i], depacketizer.aggregations.get(0).n, "unit " + i);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "80 00             | AV1 OBU at offset 2 (byte 0 of the temporal unit): obu_forbidden_bit is 1",
            "12 00 32 05 10    | AV1 OBU at offset 4 (byte 2 of the temporal unit): obu_size 5 runs past the end of the 5-byte temporal unit",
            "32 80             | AV1 OBU at offset 2 (byte 0 of the temporal unit): obu_size runs past the end of the 2-byte temporal unit",
            "32 ff ff ff ff 1f | AV1 OBU at offset 2 (byte 0 of the temporal unit): obu_size is longer than 8 bytes or above 2^32 - 1",
            "36                | AV1 OBU at offset 2 (byte 0 of the temporal unit): extension header runs past the end of the 1-byte temporal unit",
            "0a 01 00          | AV1 OBU at offset 2 (byte 0 of the temporal unit): sequence header of 1 bytes is truncated",
            "1a 00             | AV1 OBU at offset 2 (byte 0 of the temporal unit): frame header is empty",
    })
    void shouldRejectMalformedTemporalUnitsWithoutCommitting(String hex, String message) {
        Av1Packetizer packetizer = new Av1Packetizer(VpxPackets.videoStream());
        byte[] bytes = VpxPackets.hex(hex);
        ByteBuffer buffer = VpxPackets.framed(bytes, 2);
        RtpPacketList list = new RtpPacketList();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> packetizer.packetize(buffer, 2, bytes.length, 0, false, list));
        assertEquals(message, e.getMessage());
        assertEquals(0, list.size());
        assertEquals(1000, packetizer.stream().nextSequenceNumber());
        assertEquals("", packetizer.formatParameters());
    }

    @Test
    void shouldRejectEmptyUnitsAndSendNothingForADelimiterAlone() {
        Av1Packetizer packetizer = new Av1Packetizer(VpxPackets.videoStream());
        RtpPacketList list = new RtpPacketList();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> packetizer.packetize(ByteBuffer.allocate(4), 2, 0, 0, false, list));
        assertEquals("AV1 temporal unit at offset 2 is empty", e.getMessage());
        assertEquals(0, packetizer.packetize(ByteBuffer.wrap(VpxPackets.hex("12 00")), 0, 2, 0, false, list));
        assertEquals(0, list.size());
    }

    @Test
    void shouldRejectDatagramAndSlotSizesWithoutRoom() {
        IllegalArgumentException datagram = assertThrows(IllegalArgumentException.class,
                () -> Av1Packetizer.builder(VpxPackets.videoStream()).maxDatagramSize(14).build());
        assertEquals("AV1 max datagram size 14 is below the minimum 15 (RTP header 12 + aggregation header 1 + an OBU"
                + " header and payload byte, 2)", datagram.getMessage());
        IllegalArgumentException slot = assertThrows(IllegalArgumentException.class,
                () -> Av1Packetizer.builder(VpxPackets.videoStream()).slotCapacity(19).build());
        assertEquals("AV1 slot capacity 19 is below the minimum 20 (RTP header + aggregation header, length field and"
                + " OBU header)", slot.getMessage());
    }

    @Test
    void shouldPacketizeTinyDatagramsOneByteAtATime() {
        byte[] unit = new Av1Obus().obu(OBU_SEQUENCE_HEADER, -1, Av1Obus.SEQUENCE_HEADER)
                .obu(OBU_FRAME, 3, Av1Obus.framePayload(true, 20, random)).bytes();
        Av1Packetizer packetizer = Av1Packetizer.builder(VpxPackets.videoStream()).maxDatagramSize(15).build();
        RtpPacketList list = new RtpPacketList();
        assertArrayEquals(Av1Depacketizer.rewrite(unit), roundTrip(packetizer, unit, 0, list, new Av1Depacketizer()));
        assertEquals(15, list.size()); // 7 + 22 element bytes, two per packet after the aggregation header
    }

    @Test
    void shouldRoundTripLibaomTemporalUnits(@TempDir Path dir) throws Exception {
        Path obu = VpxMedia.ffmpeg(dir.resolve("av1.obu"), "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30",
                "-frames:v", "12", "-pix_fmt", "yuv420p", "-c:v", "libaom-av1", "-cpu-used", "8", "-b:v", "1M", "-g", "6", "-f", "obu");
        List<byte[]> units = VpxMedia.obuTemporalUnits(obu);
        assertEquals(12, units.size());
        Av1Packetizer packetizer = new Av1Packetizer(VpxPackets.videoStream());
        for (int i = 0; i < units.size(); i++) {
            RtpPacketList list = new RtpPacketList();
            Av1Depacketizer depacketizer = new Av1Depacketizer();
            assertArrayEquals(Av1Depacketizer.rewrite(units.get(i)),
                    roundTrip(packetizer, units.get(i), 5, list, depacketizer), "temporal unit " + i);
            if (i == 0) {
                assertTrue(depacketizer.aggregations.get(0).n, "first temporal unit starts a coded video sequence");
            }
        }
        assertTrue(packetizer.formatParameters().startsWith("profile=0;level-idx="), packetizer.formatParameters());
    }
}
