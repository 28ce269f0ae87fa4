package io.salvo.packetizer;

import io.salvo.rtp.RtpPacketList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Vp9PacketizerTest {
    private final Random random = new Random(9);

    private static RtpPacketList packetize(Vp9Packetizer packetizer, byte[] content, int offset, long timestamp) {
        RtpPacketList list = new RtpPacketList();
        ByteBuffer frame = VpxPackets.framed(content, offset);
        packetizer.packetize(frame, offset, content.length, timestamp, false, list);
        VpxPackets.checkPayloadAliases(list, frame);
        return list;
    }

    private static Vp9Depacketizer.Descriptor descriptor(RtpPacketList list, int index) {
        return Vp9Depacketizer.descriptor(VpxPackets.payload(VpxPackets.bytes(list.get(index))));
    }

    @Test
    void shouldWriteAKeyFrameWithScalabilityStructureAtAnOffset() {
        byte[] key = Vp9Frames.keyframe(640, 360, 12, random);
        Vp9Packetizer packetizer = Vp9Packetizer.builder(VpxPackets.videoStream()).firstPictureId(0x0102).build();
        List<byte[]> d = VpxPackets.datagrams(packetize(packetizer, key, 3, 90000));
        assertEquals(1, d.size());
        byte[] expected = VpxPackets.hex("80 e0 03e8 00015f90 12345678" // marker, seq 1000, ts 90000
                + "8e"          // I=1 P=0 L=0 F=0 B=1 E=1 V=1 Z=0
                + "81 02"       // M=1, picture ID 0x0102
                + "10"          // N_S=0 (one layer), Y=1, G=0
                + "0280 0168"); // WIDTH 640, HEIGHT 360
        assertArrayEquals(expected, Arrays.copyOf(d.get(0), expected.length));
        assertArrayEquals(key, Arrays.copyOfRange(d.get(0), expected.length, d.get(0).length));
        assertEquals("profile-id=0", packetizer.formatParameters());
    }

    @Test
    void shouldGiveTheFirstPacketLessPayloadSoThatDatagramsStayEqual() {
        byte[] key = Vp9Frames.keyframe(1280, 720, 5000, random);
        RtpPacketList list = packetize(new Vp9Packetizer(VpxPackets.videoStream()), key, 0, 0);
        List<byte[]> d = VpxPackets.datagrams(list);
        // 5000 bytes + 12 RTP + 3 descriptor per packet + 5 SS once: 5 packets of ceil(5080 / 5) = 1016 bytes
        assertEquals(5, d.size());
        VpxPackets.checkShape(d, 1200, 0);
        assertEquals(1016, d.get(0).length);
        assertEquals(1016 - 20, list.get(0).message().vector(1).length());
        assertEquals(1016 - 15, list.get(1).message().vector(1).length());
        assertTrue(descriptor(list, 0).v);
        assertFalse(descriptor(list, 1).v);
        assertArrayEquals(key, Vp9Depacketizer.frames(d).get(0));
    }

    @Test
    void shouldSetPFromTheFrameHeader() {
        Vp9Packetizer packetizer = new Vp9Packetizer(VpxPackets.videoStream());
        int first = packetizer.nextPictureId();
        assertFalse(descriptor(packetize(packetizer, Vp9Frames.keyframe(64, 64, 40, random), 0, 0), 0).p);
        Vp9Depacketizer.Descriptor inter = descriptor(packetize(packetizer,
                Vp9Frames.inter(true, 1, 0, 1, 2, 40, random), 0, 0), 0);
        assertTrue(inter.p);
        assertFalse(inter.v);
        assertEquals((first + 1) & 0x7FFF, inter.pictureId);
        Vp9Depacketizer.Descriptor intra = descriptor(packetize(packetizer, Vp9Frames.intraOnly(2, 40, random), 0, 0), 0);
        assertFalse(intra.p);
        assertFalse(intra.v);
        assertTrue(descriptor(packetize(packetizer, Vp9Frames.showExisting(1), 0, 0), 0).p);
    }

    @Test
    void shouldSendASuperframeWholeByDefault() {
        byte[] hidden = Vp9Frames.inter(false, 0x10, 0, 1, 2, 3000, random);
        byte[] shown = Vp9Frames.inter(true, 0x01, 0, 4, 2, 900, random);
        byte[] superframe = Vp9Frames.superframe(hidden, shown);
        List<byte[]> d = VpxPackets.datagrams(packetize(new Vp9Packetizer(VpxPackets.videoStream()), superframe, 1, 0));
        VpxPackets.checkShape(d, 1200, 0);
        List<byte[]> frames = Vp9Depacketizer.frames(d);
        assertEquals(1, frames.size());
        assertArrayEquals(superframe, frames.get(0));
    }

    @Test
    void shouldSplitASuperframeIntoFramesOfOnePictureWhenAsked() {
        byte[] hidden = Vp9Frames.inter(false, 0x10, 0, 1, 2, 3000, random);
        byte[] shown = Vp9Frames.inter(true, 0x01, 0, 4, 2, 900, random);
        Vp9Packetizer packetizer = Vp9Packetizer.builder(VpxPackets.videoStream())
                .superframeMode(Vp9Packetizer.SuperframeMode.SPLIT).build();
        RtpPacketList list = packetize(packetizer, Vp9Frames.superframe(hidden, shown), 2, 0);
        List<byte[]> d = VpxPackets.datagrams(list);
        assertEquals(4, d.size()); // 3 for the hidden frame, 1 for the shown frame
        List<byte[]> frames = Vp9Depacketizer.frames(d);
        assertEquals(2, frames.size());
        assertArrayEquals(hidden, frames.get(0));
        assertArrayEquals(shown, frames.get(1));
        for (int i = 0; i < d.size(); i++) {
            assertEquals(descriptor(list, 0).pictureId, descriptor(list, i).pictureId);
        }
        assertEquals(d.get(0).length, d.get(1).length);
    }

    @Test
    void shouldDeriveFlexibleModeReferencesFromTheReferenceSlots() {
        Vp9Packetizer packetizer = Vp9Packetizer.builder(VpxPackets.videoStream()).flexibleMode(true)
                .firstPictureId(100).build();
        Vp9Depacketizer.Descriptor key = descriptor(packetize(packetizer, Vp9Frames.keyframe(64, 64, 30, random), 0, 0), 0);
        assertTrue(key.f);
        assertEquals(List.of(), key.pDiffs);
        // picture 101 reads slots 0, 1, 2 (all written by 100) and writes slot 0
        assertEquals(List.of(1), descriptor(packetize(packetizer, Vp9Frames.inter(true, 0x01, 0, 1, 2, 30, random), 0, 0), 0).pDiffs);
        // picture 102 reads slot 0 (101) and slot 1 (100)
        RtpPacketList list = packetize(packetizer, Vp9Frames.inter(true, 0x00, 0, 1, 1, 3000, random), 0, 0);
        for (int i = 0; i < list.size(); i++) {
            assertEquals(List.of(1, 2), descriptor(list, i).pDiffs, "packet " + i);
        }
        assertArrayEquals(VpxPackets.hex("d8 80 66 03 04"), // I P F B; picture ID 102; P_DIFF 1 N=1; P_DIFF 2 N=0
                Arrays.copyOfRange(VpxPackets.bytes(list.get(0)), 12, 17));
    }

    @Test
    void shouldWriteLayerIndicesWithTl0PicIdxInNonFlexibleMode() {
        Vp9Packetizer packetizer = Vp9Packetizer.builder(VpxPackets.videoStream()).layerIndices(true).build();
        for (int tl0 = 1; tl0 <= 2; tl0++) {
            Vp9Depacketizer.Descriptor d = descriptor(packetize(packetizer, Vp9Frames.inter(true, 1, 0, 0, 0, 30, random),
                    0, 0), 0);
            assertTrue(d.l);
            assertEquals(0, d.tid);
            assertEquals(0, d.sid);
            assertEquals(tl0, d.tl0PicIdx);
        }
    }

    @Test
    void shouldRoundTripRandomFrameSizes() {
        Vp9Packetizer packetizer = new Vp9Packetizer(VpxPackets.videoStream());
        int[] sizes = {10, 1180, 1181, 1185, 1186, 2370, 300_000};
        for (int n = 0; n < sizes.length + 40; n++) {
            int size = n < sizes.length ? sizes[n] : 10 + random.nextInt(n % 4 == 0 ? 300_000 : 30_000);
            byte[] content = n % 3 == 0 ? Vp9Frames.keyframe(1 + random.nextInt(4096), 1 + random.nextInt(2160), size, random)
                    : Vp9Frames.inter(true, random.nextInt(256), 0, 1, 2, size, random);
            int offset = random.nextInt(50);
            RtpPacketList list = packetize(packetizer, content, offset, 7L * n);
            List<byte[]> d = VpxPackets.datagrams(list);
            VpxPackets.checkShape(d, 1200, 7L * n);
            int firstOverhead = 12 + 3 + (n % 3 == 0 ? 5 : 0);
            assertEquals(EqualDatagrams.count(size, firstOverhead, 15, 1200), d.size(), "size " + size);
            assertArrayEquals(content, Vp9Depacketizer.frames(d).get(0), "size " + size);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                  | VP9 frame at offset 0 is empty",
            "c0                  | VP9 frame at offset 0: frame_marker is 3, expected 2",
            "b8                  | VP9 frame at offset 0: reserved_zero bit after profile 3 is 1",
            "82 49 83 43 00      | VP9 frame at offset 0: frame_sync_code is 0x498343, expected 0x498342",
            "82 49 83            | VP9 frame at offset 0: uncompressed header runs past the end of the 3-byte frame",
            "88 00 00 c9 ff 00 02 00 c9 | VP9 superframe at offset 0: frame 0 of 2 has size 255, but 3 bytes remain before the 6-byte index",
    })
    void shouldRejectMalformedFramesWithoutCommitting(String hex, String message) {
        Vp9Packetizer packetizer = new Vp9Packetizer(VpxPackets.videoStream());
        byte[] bytes = VpxPackets.hex(hex);
        RtpPacketList list = new RtpPacketList();
        int sequence = packetizer.stream().nextSequenceNumber();
        int pictureId = packetizer.nextPictureId();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> packetizer.packetize(ByteBuffer.wrap(bytes), 0, bytes.length, 0, false, list));
        assertEquals(message, e.getMessage());
        assertEquals(0, list.size());
        assertEquals(sequence, packetizer.stream().nextSequenceNumber());
        assertEquals(pictureId, packetizer.nextPictureId());
        assertEquals("", packetizer.formatParameters());
    }

    @Test
    void shouldRejectADatagramSizeWithoutRoomForTheLongestDescriptor() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Vp9Packetizer.builder(VpxPackets.videoStream()).maxDatagramSize(20).build());
        assertEquals("VP9 max datagram size 20 is below the minimum 21 (RTP header 12 + descriptor up to 8"
                + " + 1 payload byte)", e.getMessage());
    }

    @Test
    void shouldDescribeItselfForSdp() {
        Vp9Packetizer packetizer = new Vp9Packetizer(VpxPackets.videoStream());
        assertEquals("VP9", packetizer.encodingName());
        assertEquals("video", packetizer.mediaType());
        assertEquals("", packetizer.formatParameters());
    }

    @Test
    void shouldRoundTripLibvpxFramesAndSuperframesInBothModes(@TempDir Path dir) throws Exception {
        // two-pass libvpx makes hidden alt-ref frames, which the IVF muxer packs into superframes
        String log = dir.resolve("pass").toString();
        VpxMedia.ffmpeg(dir.resolve("pass1.ivf"), "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30",
                "-frames:v", "48", "-c:v", "libvpx-vp9", "-b:v", "500k", "-pass", "1", "-passlogfile", log);
        Path ivf = VpxMedia.ffmpeg(dir.resolve("vp9.ivf"), "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30",
                "-frames:v", "48", "-c:v", "libvpx-vp9", "-b:v", "500k", "-pass", "2", "-passlogfile", log,
                "-auto-alt-ref", "1", "-lag-in-frames", "25");
        List<byte[]> chunks = VpxMedia.ivfFrames(ivf);
        Vp9Packetizer whole = new Vp9Packetizer(VpxPackets.videoStream());
        Vp9Packetizer split = Vp9Packetizer.builder(VpxPackets.videoStream())
                .superframeMode(Vp9Packetizer.SuperframeMode.SPLIT).build();
        Vp9Superframe superframe = new Vp9Superframe();
        int superframes = 0;
        for (byte[] chunk : chunks) {
            List<byte[]> d = VpxPackets.datagrams(packetize(whole, chunk, 4, 0));
            assertArrayEquals(chunk, Vp9Depacketizer.frames(d).get(0));
            List<byte[]> frames = Vp9Depacketizer.frames(VpxPackets.datagrams(packetize(split, chunk, 4, 0)));
            superframe.parse(ByteBuffer.wrap(chunk), 0, chunk.length);
            assertEquals(superframe.frameCount, frames.size());
            for (int i = 0; i < frames.size(); i++) {
                assertArrayEquals(Arrays.copyOfRange(chunk, superframe.frameOffsets[i],
                        superframe.frameOffsets[i] + superframe.frameLengths[i]), frames.get(i));
            }
            superframes += superframe.frameCount > 1 ? 1 : 0;
        }
        assertTrue(superframes > 0, "libvpx with alt-ref frames made no superframe");
        assertEquals("profile-id=0", whole.formatParameters());
    }
}
