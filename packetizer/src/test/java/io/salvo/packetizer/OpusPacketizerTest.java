package io.salvo.packetizer;

import io.salvo.rtp.RtpPacketList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OpusPacketizerTest {
    // TOC 0xf8: config 31 (CELT fullband 20 ms), mono, code 0 (one frame)
    private static final byte[] SPEECH = VpxPackets.hex("f8 01 02 03");
    private static final byte[] DTX = VpxPackets.hex("f8");

    private static boolean send(OpusPacketizer packetizer, byte[] packet, long timestamp) {
        RtpPacketList list = new RtpPacketList();
        ByteBuffer frame = VpxPackets.framed(packet, 6);
        assertEquals(1, packetizer.packetize(frame, 6, packet.length, timestamp, false, list));
        assertSame(frame, list.get(0).message().vector(1).buffer());
        return list.get(0).marker();
    }

    @Test
    void shouldSendOneOpusPacketPerRtpPacketAtAnOffset() {
        OpusPacketizer packetizer = new OpusPacketizer(VpxPackets.opusStream());
        RtpPacketList list = new RtpPacketList();
        packetizer.packetize(VpxPackets.framed(SPEECH, 6), 6, SPEECH.length, 48_000, false, list);
        packetizer.packetize(VpxPackets.framed(SPEECH, 6), 6, SPEECH.length, 48_960, false, list);
        assertArrayEquals(VpxPackets.hex("80 ef 03e8 0000bb80 12345678" // M=1 (talkspurt start), PT 111, ts 48000
                + "f8 01 02 03"), VpxPackets.bytes(list.get(0)));
        assertArrayEquals(VpxPackets.hex("80 6f 03e9 0000bf40 12345678" // M=0, ts 48960
                + "f8 01 02 03"), VpxPackets.bytes(list.get(1)));
    }

    @Test
    void shouldMarkTheFirstPacketAfterDtxOrAGap() {
        OpusPacketizer packetizer = new OpusPacketizer(VpxPackets.opusStream());
        assertEquals(true, send(packetizer, SPEECH, 0));
        assertEquals(false, send(packetizer, SPEECH, 960));
        assertEquals(false, send(packetizer, DTX, 1920));       // DTX packets never carry the marker
        assertEquals(false, send(packetizer, DTX, 2880));
        assertEquals(true, send(packetizer, SPEECH, 3840));     // speech after DTX
        assertEquals(false, send(packetizer, SPEECH, 4800));
        assertEquals(true, send(packetizer, SPEECH, 4800 + 960 * 5)); // after packets the caller dropped
        assertEquals(false, send(packetizer, SPEECH, 4800 + 960 * 6));
    }

    @Test
    void shouldLeaveTheMarkerOffWhenAsked() {
        OpusPacketizer packetizer = OpusPacketizer.builder(VpxPackets.opusStream()).talkspurtMarkers(false).build();
        assertEquals(false, send(packetizer, SPEECH, 0));
        assertEquals(false, send(packetizer, DTX, 960));
        assertEquals(false, send(packetizer, SPEECH, 1920));
    }

    @ParameterizedTest
    @CsvSource({
            "00,          480",  // SILK NB 10 ms
            "08,          960",  // SILK NB 20 ms
            "18,          2880", // SILK NB 60 ms
            "78,          960",  // Hybrid FB 20 ms
            "80,          120",  // CELT NB 2.5 ms
            "f9 aa bb,    1920", // code 1: two 20 ms frames
            "fa 01 aa bb, 1920", // code 2: first frame 1 byte
            "fb 03 aa bb cc, 2880", // code 3 CBR: three 20 ms frames
            "fb 82 01 aa bb, 1920", // code 3 VBR: two frames, first 1 byte
            "fb 42 01 aa bb 00, 1920", // code 3 with 1 padding byte
    })
    void shouldComputeTheDurationFromTheTocAtAnOffset(String hex, int samples) {
        byte[] packet = VpxPackets.hex(hex);
        assertEquals(samples, OpusPacketizer.samples(VpxPackets.framed(packet, 5), 5, packet.length));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''          | Opus packet at offset 0 is empty [R1]",
            "f9 aa       | Opus packet at offset 0 code 1 with an odd 1-byte frame data [R3]",
            "fa fc       | Opus packet at offset 0 two-byte frame length runs past the end [R4]",
            "fa 05 aa    | Opus packet at offset 0 code 2 first frame of 5 bytes runs past the end [R4]",
            "fb          | Opus packet at offset 0 code 3 without a frame count byte [R6]",
            "fb 00       | Opus packet at offset 0 code 3 with 0 frames of 960 samples, outside 1 frame .. 120 ms [R5]",
            "fb 07       | Opus packet at offset 0 code 3 with 7 frames of 960 samples, outside 1 frame .. 120 ms [R5]",
            "fb 41 ff    | Opus packet at offset 0 padding length runs past the end [R6]",
            "fb 41 05 aa | Opus packet at offset 0 padding of 5 bytes is longer than the packet [R6]",
            "fb 82 05 aa | Opus packet at offset 0 code 3 VBR frames of 5 bytes run past the end [R7]",
            "fb 03 aa bb | Opus packet at offset 0 code 3 CBR data of 2 bytes is not a multiple of 3 frames [R6]",
    })
    void shouldRejectMalformedPacketsWithoutCommitting(String hex, String message) {
        OpusPacketizer packetizer = new OpusPacketizer(VpxPackets.opusStream());
        byte[] bytes = VpxPackets.hex(hex);
        RtpPacketList list = new RtpPacketList();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> packetizer.packetize(ByteBuffer.wrap(bytes), 0, bytes.length, 0, false, list));
        assertEquals(message, e.getMessage());
        assertEquals(0, list.size());
        assertEquals(1000, packetizer.stream().nextSequenceNumber());
    }

    @Test
    void shouldRejectAFrameAbove1275BytesAndAPacketAboveTheBudget() {
        OpusPacketizer packetizer = OpusPacketizer.builder(VpxPackets.opusStream()).maxDatagramSize(1500).build();
        byte[] large = new byte[1277];
        large[0] = (byte) 0xF8;
        IllegalArgumentException frame = assertThrows(IllegalArgumentException.class,
                () -> packetizer.packetize(ByteBuffer.wrap(large), 0, large.length, 0, false, new RtpPacketList()));
        assertEquals("Opus packet at offset 0 has a 1276-byte frame, above 1275 bytes [R2]", frame.getMessage());
        byte[] cbr = new byte[1190];
        cbr[0] = (byte) 0xF9; // two frames of 594 bytes, 1190 bytes in all
        cbr[cbr.length - 1] = 1;
        OpusPacketizer small = new OpusPacketizer(VpxPackets.opusStream());
        RtpPacketList list = new RtpPacketList();
        IllegalArgumentException budget = assertThrows(IllegalArgumentException.class,
                () -> small.packetize(ByteBuffer.wrap(cbr), 0, cbr.length - 1, 0, false, list));
        assertEquals("Opus packet at offset 0 of 1189 bytes exceeds the payload budget of 1188 bytes (1200-byte"
                + " datagrams, 12-byte RTP header); Opus packets are never fragmented", budget.getMessage());
        assertEquals(0, list.size());
    }

    @Test
    void shouldDescribeItselfForSdp() {
        OpusPacketizer mono = new OpusPacketizer(VpxPackets.opusStream());
        assertEquals("audio", mono.mediaType());
        assertEquals("opus", mono.encodingName());
        assertEquals(2, mono.channels());
        assertEquals("minptime=10;useinbandfec=1", mono.formatParameters());
        assertEquals("minptime=10;useinbandfec=1;stereo=1;sprop-stereo=1",
                OpusPacketizer.builder(VpxPackets.opusStream()).stereo(true).build().formatParameters());
    }

    @Test
    void shouldRejectAStreamWithoutThe48KhzClock() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OpusPacketizer(VpxPackets.videoStream()));
        assertEquals("Opus streams use a 48000 Hz clock (RFC 7587 §4.1), this one has 90000", e.getMessage());
    }

    @Test
    void shouldSendLibopusPacketsUnchanged(@TempDir Path dir) throws Exception {
        Path ogg = VpxMedia.ffmpeg(dir.resolve("a.ogg"), "-f", "lavfi", "-i", "sine=frequency=440:duration=1",
                "-c:a", "libopus", "-b:a", "48k", "-frame_duration", "20");
        List<byte[]> packets = VpxMedia.oggOpusPackets(ogg);
        assertEquals(51, packets.size(), "1 s of 20 ms packets plus the encoder's pre-skip");
        OpusPacketizer packetizer = new OpusPacketizer(VpxPackets.opusStream());
        long timestamp = 0;
        for (int i = 0; i < packets.size(); i++) {
            byte[] packet = packets.get(i);
            RtpPacketList list = new RtpPacketList();
            packetizer.packetize(VpxPackets.framed(packet, 2), 2, packet.length, timestamp, false, list);
            byte[] datagram = VpxPackets.bytes(list.get(0));
            assertArrayEquals(packet, VpxPackets.payload(datagram));
            assertEquals(i == 0, VpxPackets.marker(datagram), "marker of packet " + i);
            timestamp += OpusPacketizer.samples(ByteBuffer.wrap(packet), 0, packet.length);
        }
        assertEquals(51 * 960, timestamp);
    }
}
