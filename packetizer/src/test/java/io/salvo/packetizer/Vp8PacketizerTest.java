package io.salvo.packetizer;

import io.salvo.rtp.RtpPacketList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Vp8PacketizerTest {
    // inter frame tag: P=1 (not key), version 0, show_frame 1, first_part_size 2 → 0x51 0x00 0x00
    private static final byte[] INTER_FRAME = VpxPackets.hex("51 00 00 a0 a1 a2 a3 a4 a5 a6");

    @Test
    void shouldWriteDescriptorsAndEqualFragmentsAtAnOffset() {
        Vp8Packetizer packetizer = Vp8Packetizer.builder(VpxPackets.videoStream()).maxDatagramSize(20)
                .firstPictureId(0x1234).build();
        ByteBuffer frame = VpxPackets.framed(INTER_FRAME, 5);
        RtpPacketList list = new RtpPacketList();

        assertEquals(3, packetizer.packetize(frame, 5, INTER_FRAME.length, 12345, false, list));

        List<byte[]> d = VpxPackets.datagrams(list);
        assertArrayEquals(VpxPackets.hex(
                "80 60 03e8 00003039 12345678" // V=2, PT 96, seq 1000, ts 12345, SSRC
                        + "90"       // X=1, S=1, PID=0
                        + "80"       // I=1
                        + "92 34"    // M=1, PictureID 0x1234
                        + "51 00 00 a0"), d.get(0));
        assertArrayEquals(VpxPackets.hex(
                "80 60 03e9 00003039 12345678"
                        + "80"       // X=1, S=0
                        + "80 92 34" // I=1, same PictureID
                        + "a1 a2 a3 a4"), d.get(1));
        assertArrayEquals(VpxPackets.hex(
                "80 e0 03ea 00003039 12345678" // marker on the last packet
                        + "80 80 92 34"
                        + "a5 a6"), d.get(2));
        VpxPackets.checkPayloadAliases(list, frame);
        assertEquals(0x1235, packetizer.nextPictureId());
    }

    @ParameterizedTest
    @CsvSource({
            // bits, temporal, descriptor
            "7,  false, 90 80 34",          // X, I, 7-bit PictureID 0x34
            "0,  false, 10",                // no extension: S only
            "15, true,  90 e0 92 34 01 00", // X; I, L, T; PictureID; TL0PICIDX 1; TID 0, Y 0
            "0,  true,  90 60 01 00",       // X; L, T; TL0PICIDX; TID/Y
    })
    void shouldWriteTheConfiguredOptionalFields(int bits, boolean temporal, String descriptor) {
        Vp8Packetizer packetizer = Vp8Packetizer.builder(VpxPackets.videoStream()).pictureIdBits(bits)
                .temporalLayerFields(temporal).firstPictureId(0x1234).build();
        RtpPacketList list = new RtpPacketList();
        packetizer.packetize(ByteBuffer.wrap(INTER_FRAME), 0, INTER_FRAME.length, 0, false, list);
        byte[] payload = VpxPackets.payload(VpxPackets.bytes(list.get(0)));
        byte[] expected = VpxPackets.hex(descriptor);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], payload[i], "descriptor byte " + i);
        }
        assertEquals(INTER_FRAME.length + expected.length, payload.length);
    }

    @Test
    void shouldAdvanceTl0PicIdxOnlyOnBaseLayerFrames() {
        Vp8Packetizer packetizer = Vp8Packetizer.builder(VpxPackets.videoStream()).temporalLayerFields(true).build();
        int[] expectedTl0 = {1, 1, 2};
        int[] tids = {0, 1, 0};
        for (int i = 0; i < 3; i++) {
            packetizer.temporalLayer(tids[i], tids[i] == 1);
            RtpPacketList list = new RtpPacketList();
            packetizer.packetize(ByteBuffer.wrap(INTER_FRAME), 0, INTER_FRAME.length, 0, false, list);
            Vp8Depacketizer.Descriptor d = Vp8Depacketizer.descriptor(VpxPackets.payload(VpxPackets.bytes(list.get(0))));
            assertEquals(expectedTl0[i], d.tl0PicIdx);
            assertEquals(tids[i], d.tid);
            assertEquals(tids[i] == 1, d.layerSync);
        }
    }

    @Test
    void shouldIncrementAndWrapThePictureIdPerFrame() {
        Vp8Packetizer packetizer = Vp8Packetizer.builder(VpxPackets.videoStream()).firstPictureId(0x7FFE).build();
        int[] expected = {0x7FFE, 0x7FFF, 0};
        for (int id : expected) {
            RtpPacketList list = new RtpPacketList();
            packetizer.packetize(ByteBuffer.wrap(INTER_FRAME), 0, INTER_FRAME.length, 0, false, list);
            assertEquals(id, Vp8Depacketizer.descriptor(VpxPackets.payload(VpxPackets.bytes(list.get(0)))).pictureId);
        }
    }

    @Test
    void shouldRoundTripRandomFrameSizes() {
        Random random = new Random(42);
        Vp8Packetizer packetizer = new Vp8Packetizer(VpxPackets.videoStream());
        int capacity = 1200 - 12 - 4;
        int[] sizes = {3, 4, capacity, capacity + 1, 2 * capacity, 2 * capacity + 1, 300_000};
        for (int n = 0; n < sizes.length + 40; n++) {
            int size = n < sizes.length ? sizes[n] : 3 + random.nextInt(n % 4 == 0 ? 300_000 : 20_000);
            byte[] content = new byte[size];
            random.nextBytes(content);
            int partition = random.nextInt(size - 2);
            content[0] = (byte) ((partition << 5) | 0x11);
            content[1] = (byte) (partition >>> 3);
            content[2] = (byte) (partition >>> 11);
            int offset = random.nextInt(64);
            ByteBuffer frame = VpxPackets.framed(content, offset);
            RtpPacketList list = new RtpPacketList();
            int pictureId = packetizer.nextPictureId();
            int count = packetizer.packetize(frame, offset, size, 1000L * n, false, list);

            assertEquals(EqualSplit.count(size, capacity), count, "size " + size);
            List<byte[]> datagrams = VpxPackets.datagrams(list);
            VpxPackets.checkShape(datagrams, 1200, 1000L * n);
            assertArrayEquals(content, Vp8Depacketizer.frame(datagrams), "size " + size);
            for (byte[] d : datagrams) {
                assertEquals(pictureId, Vp8Depacketizer.descriptor(VpxPackets.payload(d)).pictureId);
            }
            VpxPackets.checkPayloadAliases(list, frame);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                            | VP8 frame at offset 0: 0 bytes, shorter than the 3-byte frame tag",
            "51 00                         | VP8 frame at offset 0: 2 bytes, shorter than the 3-byte frame tag",
            "50 00 00 9d 01 2a 00          | VP8 key frame at offset 0: 7 bytes, shorter than the 10-byte key frame header",
            "50 00 00 9d 01 2b 10 00 10 00 | VP8 key frame at offset 0: start code is 0x9d012b, expected 0x9d012a",
            "71 00 00 aa                   | VP8 frame at offset 0: first partition size 3 runs past the end of the 4-byte frame",
            "30 00 00 9d 01 2a 10 00 10 00 | VP8 frame at offset 0: first partition size 1 runs past the end of the 10-byte frame",
    })
    void shouldRejectMalformedFramesWithoutCommitting(String hex, String message) {
        Vp8Packetizer packetizer = new Vp8Packetizer(VpxPackets.videoStream());
        byte[] bytes = VpxPackets.hex(hex);
        RtpPacketList list = new RtpPacketList();
        int sequence = packetizer.stream().nextSequenceNumber();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> packetizer.packetize(ByteBuffer.wrap(bytes), 0, bytes.length, 0, false, list));
        assertEquals(message, e.getMessage());
        assertEquals(0, list.size());
        assertEquals(sequence, packetizer.stream().nextSequenceNumber());
    }

    @Test
    void shouldReadTheKeyframeFlagFromTheFrameTag() {
        ByteBuffer buffer = ByteBuffer.wrap(VpxPackets.hex("ee 50 00 00 9d 01 2a ee 51"));
        assertTrue(Vp8Packetizer.isKeyframe(buffer, 1));
        assertFalse(Vp8Packetizer.isKeyframe(buffer, 8));
    }

    @Test
    void shouldRejectADatagramSizeWithoutRoomForOnePayloadByte() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Vp8Packetizer.builder(VpxPackets.videoStream()).maxDatagramSize(16).build());
        assertEquals("VP8 max datagram size 16 is below the minimum 17 (RTP header 12 + descriptor 4 + 1 payload byte)",
                e.getMessage());
    }

    @Test
    void shouldDescribeItselfForSdp() {
        Vp8Packetizer packetizer = new Vp8Packetizer(VpxPackets.videoStream());
        assertEquals("video", packetizer.mediaType());
        assertEquals("VP8", packetizer.encodingName());
        assertEquals(0, packetizer.channels());
        assertEquals("", packetizer.formatParameters());
        assertEquals(1200, packetizer.maxDatagramSize());
    }

    @Test
    void shouldRoundTripFramesFromLibvpx(@TempDir Path dir) throws Exception {
        Path ivf = VpxMedia.ffmpeg(dir.resolve("vp8.ivf"), "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30",
                "-frames:v", "20", "-c:v", "libvpx", "-b:v", "2M", "-g", "10");
        List<byte[]> frames = VpxMedia.ivfFrames(ivf);
        assertEquals(20, frames.size());
        Vp8Packetizer packetizer = new Vp8Packetizer(VpxPackets.videoStream());
        for (int i = 0; i < frames.size(); i++) {
            byte[] content = frames.get(i);
            ByteBuffer frame = VpxPackets.framed(content, 7);
            assertEquals(i % 10 == 0, Vp8Packetizer.isKeyframe(frame, 7), "frame " + i);
            RtpPacketList list = new RtpPacketList();
            packetizer.packetize(frame, 7, content.length, 3000L * i, false, list);
            List<byte[]> datagrams = VpxPackets.datagrams(list);
            VpxPackets.checkShape(datagrams, 1200, 3000L * i);
            assertArrayEquals(content, Vp8Depacketizer.frame(datagrams));
        }
    }
}
