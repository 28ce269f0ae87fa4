package io.salvo.packetizer;

import static io.salvo.packetizer.Packets.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.rtp.RtpPacketList;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AacPacketizerTest {
    /** AAC LC (2), 48000 Hz (index 3), stereo (2): 00010 0011 0010 000. */
    private static final AudioSpecificConfig LC_48K_STEREO = config("1190");

    private static AudioSpecificConfig config(String hex) {
        byte[] bytes = hex(hex);
        return AudioSpecificConfig.parse(ByteBuffer.wrap(bytes));
    }

    private static RtpStream stream(int clockRate) {
        return RtpStream.builder(97, clockRate).ssrc(0x1234_5678L).firstSequenceNumber(1000).timestampOffset(0).build();
    }

    private static AacPacketizer packetizer(int maxDatagramSize) {
        return AacPacketizer.builder(stream(48_000), LC_48K_STEREO).maxDatagramSize(maxDatagramSize).build();
    }

    @Test
    void shouldSendOneAccessUnitPerPacketAtAnOffset() {
        AacPacketizer packetizer = packetizer(1200);
        RtpPacketList list = new RtpPacketList();
        ByteBuffer frame = Packets.direct(hex("21 1b 80 aa bb"), 9);
        assertEquals(1, packetizer.packetize(frame, 9, 5, 1024, true, list));
        assertArrayEquals(hex("80 e1 03e8 00000400 12345678" // M=1 (a complete AU), PT 97, seq 1000, ts 1024
                + " 0010"                                   // AU-headers-length: 16 bits
                + " 0028"                                   // AU-size 5 (13 bits) | AU-Index 0 (3 bits)
                + " 21 1b 80 aa bb"), Packets.bytes(list.get(0)));  // the AU, a view of the frame
        assertEquals(2, list.get(0).message().vectorCount());
        assertSame(frame, list.get(0).message().vector(1).buffer());
        assertEquals(9, list.get(0).message().vector(1).offset());
    }

    @Test
    void shouldFragmentAnAccessUnitAboveTheBudgetWithTheWholeAuSizeInEveryFragment() {
        AacPacketizer packetizer = packetizer(12 + 4 + 4); // 4 AU bytes per packet
        RtpPacketList list = new RtpPacketList();
        byte[] au = hex("01 02 03 04 05 06 07 08 09 0a");
        assertEquals(3, packetizer.packetize(Packets.direct(au, 3), 3, au.length, 2048, true, list));
        assertArrayEquals(hex("80 61 03e8 00000800 12345678" // M=0: not the last fragment
                + " 0010 0050"                              // one AU header: AU-size 10 (the whole AU)
                + " 01 02 03 04"), Packets.bytes(list.get(0)));
        assertArrayEquals(hex("80 61 03e9 00000800 12345678 0010 0050 05 06 07 08"), Packets.bytes(list.get(1)));
        assertArrayEquals(hex("80 e1 03ea 00000800 12345678" // M=1 on the last fragment, same timestamp
                + " 0010 0050 09 0a"), Packets.bytes(list.get(2)));
    }

    @Test
    void shouldSplitFragmentsEvenly() {
        AacPacketizer packetizer = packetizer(12 + 4 + 100);
        RtpPacketList list = new RtpPacketList();
        packetizer.packetize(ByteBuffer.allocateDirect(250), 0, 250, 0, true, list);
        assertEquals(3, list.size());
        assertEquals(List.of(12 + 4 + 84, 12 + 4 + 84, 12 + 4 + 82),
                List.of(list.get(0).length(), list.get(1).length(), list.get(2).length()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0    | AAC access unit at offset 4 is empty",
        "8192 | AAC access unit at offset 4 of 8192 bytes exceeds 8191, the largest 13-bit AU-size of AAC-hbr",
    })
    void shouldRejectAccessUnitsItCannotDescribeWithoutCommitting(int length, String message) {
        AacPacketizer packetizer = packetizer(1200);
        RtpPacketList list = new RtpPacketList();
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> packetizer.packetize(ByteBuffer.allocateDirect(9000), 4, length, 0, true, list));
        assertEquals(message, e.getMessage());
        assertEquals(0, list.size());
        assertEquals(1000, packetizer.stream().nextSequenceNumber());
    }

    @Test
    void shouldDescribeItselfForSdp() {
        AacPacketizer packetizer = packetizer(1200);
        assertEquals("audio", packetizer.mediaType());
        assertEquals("MPEG4-GENERIC", packetizer.encodingName());
        assertEquals(2, packetizer.channels());
        assertEquals("streamtype=5;profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3;"
                + "config=1190", packetizer.formatParameters());
        assertEquals(48_000, packetizer.clockRate());
        assertEquals(1200 - 12 - 4, packetizer.payloadBudget());
    }

    @Test
    void shouldRefuseAClockOtherThanTheSamplingFrequencyAndTooSmallDatagrams() {
        IllegalArgumentException clock = assertThrows(IllegalArgumentException.class,
                () -> AacPacketizer.builder(stream(90_000), LC_48K_STEREO).build());
        assertEquals("AAC streams use the audio's sampling frequency as their clock (RFC 3640 §4.1): 48000 Hz,"
                + " this stream has 90000", clock.getMessage());
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class, () -> packetizer(16));
        assertEquals("AAC max datagram size 16 is below the minimum 17 (RTP header 12 + AU-headers-length and AU"
                + " header 4 + 1 payload byte)", small.getMessage());
        packetizer(17);
    }

    @Test
    void shouldNeedAChannelCountWhenTheConfigLeavesItToAProgramConfigElement() {
        AudioSpecificConfig pce = config("1180"); // channelConfiguration 0
        assertEquals(0, pce.channels());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AacPacketizer.builder(stream(48_000), pce).build());
        assertTrue(e.getMessage().startsWith("the AudioSpecificConfig has channelConfiguration 0"), e.getMessage());
        assertEquals(6, AacPacketizer.builder(stream(48_000), pce).channels(6).build().channels());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // hex            | object type | core | sampling | output | channelConfiguration | channels
        "1190             | 2  | 2 | 48000 | 48000 | 2 | 2",  // AAC LC 48 kHz stereo
        "1210             | 2  | 2 | 44100 | 44100 | 2 | 2",  // AAC LC 44.1 kHz stereo
        "1188             | 2  | 2 | 48000 | 48000 | 1 | 1",  // mono
        "11b8             | 2  | 2 | 48000 | 48000 | 7 | 8",  // 7.1
        "17 80 5d c0 08   | 2  | 2 | 48000 | 48000 | 1 | 1",  // index 15: the 24-bit frequency 48000 follows
        "2b 11 88 00      | 5  | 2 | 24000 | 48000 | 2 | 2",  // HE-AAC: SBR, core 24 kHz, output 48 kHz
        "eb 09 88 00      | 29 | 2 | 24000 | 48000 | 1 | 2",  // HE-AAC v2: parametric stereo from a mono core
        "f9 46 40         | 42 | 42 | 48000 | 48000 | 2 | 2", // object type 31: escape, 32 + 10
    })
    void shouldParseTheAudioSpecificConfig(String hex, int objectType, int core, int sampling, int output,
                                           int channelConfiguration, int channels) {
        byte[] bytes = hex(hex);
        ByteBuffer buffer = Packets.direct(bytes, 5);
        AudioSpecificConfig config = AudioSpecificConfig.parse(buffer, 5, bytes.length);
        assertEquals(objectType, config.objectType());
        assertEquals(core, config.coreObjectType());
        assertEquals(sampling, config.samplingFrequency());
        assertEquals(output, config.outputFrequency());
        assertEquals(channelConfiguration, config.channelConfiguration());
        assertEquals(channels, config.channels());
        assertArrayEquals(bytes, config.bytes());
        assertEquals(hex.replace(" ", ""), config.hex());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''       | AudioSpecificConfig of 0 bytes is too short: object type, frequency and channels need at least 2",
        "12       | AudioSpecificConfig of 1 bytes is too short: object type, frequency and channels need at least 2",
        "0190     | AudioSpecificConfig audioObjectType is 0 (null object)",
        "1690     | AudioSpecificConfig samplingFrequencyIndex 13 is reserved",
        "11c0     | AudioSpecificConfig channelConfiguration 8 is reserved",
        "1780     | AudioSpecificConfig of 2 bytes ends inside its first fields",
        "2b11     | AudioSpecificConfig of 2 bytes ends inside its HE-AAC extension",
        "1780000008 | AudioSpecificConfig explicit sampling frequency is 0 Hz",
    })
    void shouldRejectAMalformedAudioSpecificConfig(String hex, String message) {
        byte[] bytes = hex(hex);
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> AudioSpecificConfig.parse(ByteBuffer.wrap(bytes)));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest(name = "max {0}, csrcs {1}")
    @CsvSource({"1200, 0", "100, 0", "300, 3", "17, 0", "9000, 1"})
    void shouldReassembleRandomAccessUnitsByteForByte(int max, int csrcs) {
        Random random = new Random(0xAAC0 + max + csrcs);
        RtpStream stream = RtpStream.builder(97, 48_000).csrcs(new long[csrcs]).firstSequenceNumber(65_500)
                .timestampOffset(0xFFFF_F000L).build();
        AacPacketizer packetizer = AacPacketizer.builder(stream, LC_48K_STEREO).maxDatagramSize(max).build();
        AacDepacketizer depacketizer = new AacDepacketizer();
        List<byte[]> sent = new ArrayList<>();
        RtpPacketList list = new RtpPacketList();
        for (int i = 0; i < 200; i++) {
            int length = random.nextInt(10) == 0 ? 1 + random.nextInt(8191) : 1 + random.nextInt(800);
            byte[] au = new byte[length];
            random.nextBytes(au);
            sent.add(au);
            int offset = random.nextInt(50);
            ByteBuffer frame = Packets.direct(au, offset);
            list.clear();
            int count = packetizer.packetize(frame, offset, length, stream.rtpTimestamp(1024L * i), true, list);
            assertEquals(list.size(), count);
            assertEquals(EqualSplit.count(length, packetizer.payloadBudget()), count);
            for (int p = 0; p < list.size(); p++) {
                assertTrue(list.get(p).length() <= max, "datagram of " + list.get(p).length() + " bytes");
                assertSame(frame, list.get(p).message().vector(1).buffer(), "the AU bytes are a view of the frame");
                depacketizer.receive(Packets.bytes(list.get(p)));
            }
        }
        assertEquals(sent.size(), depacketizer.accessUnits().size());
        for (int i = 0; i < sent.size(); i++) {
            assertArrayEquals(sent.get(i), depacketizer.accessUnits().get(i).bytes(), "AU " + i);
            assertEquals(stream.rtpTimestamp(1024L * i), depacketizer.accessUnits().get(i).timestamp(), "AU " + i);
        }
    }

    /** ffmpeg's AAC encoder in ADTS: the raw AUs behind the 7-byte headers go out unchanged. */
    @Test
    void shouldSendFfmpegAccessUnitsUnchanged(@TempDir Path dir) throws Exception {
        Path adts = VpxMedia.ffmpeg(dir.resolve("a.aac"), "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
                "-t", "1", "-ac", "2", "-c:a", "aac", "-b:a", "128k", "-f", "adts");
        byte[] file = Files.readAllBytes(adts);
        List<byte[]> units = new ArrayList<>();
        int at = 0;
        int header = 0;
        while (at + 7 <= file.length) {
            assertEquals(0xFFF, ((file[at] & 0xFF) << 4) | ((file[at + 1] & 0xF0) >>> 4), "ADTS syncword");
            assertEquals(1, file[at + 1] & 1, "protection_absent: a 7-byte header");
            header = ((file[at + 2] & 0xFF) << 8) | (file[at + 3] & 0xFF);
            int frameLength = ((file[at + 3] & 0x03) << 11) | ((file[at + 4] & 0xFF) << 3) | ((file[at + 5] & 0xE0) >>> 5);
            byte[] au = new byte[frameLength - 7];
            System.arraycopy(file, at + 7, au, 0, au.length);
            units.add(au);
            at += frameLength;
        }
        assertEquals(file.length, at);
        // profile (objectType - 1), sampling index and channel configuration from the ADTS header
        int objectType = ((header >>> 14) & 3) + 1;
        int index = (header >>> 10) & 0xF;
        int channels = ((header & 1) << 2) | ((file[3] & 0xC0) >>> 6);
        byte[] asc = {(byte) (objectType << 3 | index >>> 1), (byte) ((index & 1) << 7 | channels << 3)};
        AudioSpecificConfig config = AudioSpecificConfig.parse(ByteBuffer.wrap(asc));
        assertEquals(AudioSpecificConfig.AAC_LC, config.objectType());
        assertEquals(44_100, config.outputFrequency());
        assertEquals(2, config.channels());
        assertEquals("1210", config.hex());

        RtpStream stream = RtpStream.builder(97, 44_100).firstSequenceNumber(1).build();
        AacPacketizer packetizer = AacPacketizer.builder(stream, config).build();
        AacDepacketizer depacketizer = new AacDepacketizer();
        RtpPacketList list = new RtpPacketList();
        for (int i = 0; i < units.size(); i++) {
            byte[] au = units.get(i);
            list.clear();
            assertEquals(1, packetizer.packetize(Packets.direct(au, 3), 3, au.length, 1024L * i, true, list));
            depacketizer.receive(Packets.bytes(list.get(0)));
        }
        assertTrue(units.size() >= 44, "1 s of 1024-sample AUs: " + units.size());
        for (int i = 0; i < units.size(); i++) {
            assertArrayEquals(units.get(i), depacketizer.accessUnits().get(i).bytes());
        }
    }
}
