package io.salvo.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every parser over bytes it must not trust: it never reads past the datagram, even when the
 * buffer goes on with bytes that would make a cut packet look whole, and never throws.
 */
class MalformedInputTest {
    private static final int OFFSET = 5;
    private static final List<int[]> SINGLE_PACKETS = List.of(Vectors.SR, Vectors.RR, Vectors.RR_EMPTY,
            Vectors.SDES_CNAME, Vectors.SDES_TWO_CHUNKS, Vectors.BYE, Vectors.APP, Vectors.NACK, Vectors.PLI,
            Vectors.FIR);
    private static final List<int[]> DATAGRAMS = List.of(Vectors.SR, Vectors.RR, Vectors.RR_EMPTY,
            Vectors.SDES_CNAME, Vectors.SDES_TWO_CHUNKS, Vectors.BYE, Vectors.BYE_PADDED, Vectors.APP, Vectors.NACK,
            Vectors.PLI, Vectors.FIR, Fixtures.concat(Vectors.SR, Vectors.SDES_CNAME, Vectors.BYE),
            Fixtures.concat(Vectors.RR, Vectors.SDES_TWO_CHUNKS, Vectors.NACK, Vectors.PLI, Vectors.FIR),
            Fixtures.concat(Vectors.RR_EMPTY, Vectors.APP, Vectors.BYE_PADDED));

    private final Parsers parsers = new Parsers();

    static Stream<Arguments> cutShortWithTheRestInTheBuffer() {
        return Stream.of(
                Arguments.of("SR without its report block", Fixtures.patched(Vectors.SR, 2, 0x00, 0x06), 28,
                        RtcpParseError.REPORT_BLOCKS_OVERRUN),
                Arguments.of("SR cut inside its sender info", Fixtures.patched(Vectors.SR, 0, 0x80, 0xC8, 0x00, 0x05), 24,
                        RtcpParseError.SENDER_INFO_TRUNCATED),
                Arguments.of("RR without its report block", Fixtures.patched(Vectors.RR, 2, 0x00, 0x01), 8,
                        RtcpParseError.REPORT_BLOCKS_OVERRUN),
                Arguments.of("SDES cut before its null item", new int[]{
                                0x81, 0xCA, 0x00, 0x02, // SC=1, PT=202, length 2 words (12 bytes)
                                0x00, 0x00, 0x10, 0x01, // SSRC
                                0x01, 0x02, 'a', 'b',   // CNAME "ab" up to the end
                                0x00, 0x00, 0x00, 0x00},// past the datagram: a null item and padding
                        12, RtcpParseError.SDES_MISSING_END),
                Arguments.of("SDES cut inside its CNAME", Fixtures.patched(Vectors.SDES_CNAME, 2, 0x00, 0x03), 16,
                        RtcpParseError.SDES_ITEM_OVERRUN),
                Arguments.of("BYE cut inside its reason", Fixtures.patched(Vectors.BYE, 2, 0x00, 0x03), 16,
                        RtcpParseError.BYE_REASON_OVERRUN),
                Arguments.of("BYE cut inside its SSRCs", Fixtures.patched(Vectors.BYE, 2, 0x00, 0x01), 8,
                        RtcpParseError.BYE_SSRC_OVERRUN),
                Arguments.of("APP cut before its name", Fixtures.patched(Vectors.APP, 2, 0x00, 0x01), 8,
                        RtcpParseError.APP_TRUNCATED),
                Arguments.of("NACK cut before its FCI", Fixtures.patched(Vectors.NACK, 2, 0x00, 0x02), 12,
                        RtcpParseError.NACK_NO_FCI),
                Arguments.of("PLI cut before its media SSRC", Fixtures.patched(Vectors.PLI, 2, 0x00, 0x01), 8,
                        RtcpParseError.FEEDBACK_TRUNCATED),
                Arguments.of("FIR cut before its entry", Fixtures.patched(Vectors.FIR, 2, 0x00, 0x02), 12,
                        RtcpParseError.FIR_NO_FCI),
                Arguments.of("SR cut anywhere, length field intact", Vectors.SR, 51, RtcpParseError.LENGTH_OVERRUN),
                Arguments.of("FIR cut anywhere, length field intact", Vectors.FIR, 19, RtcpParseError.LENGTH_OVERRUN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cutShortWithTheRestInTheBuffer")
    void shouldNotReadPastTheDatagram(String name, int[] bytes, int length, RtcpParseError error) {
        ByteBuffer buffer = Fixtures.at(OFFSET, bytes);

        assertEquals(error, parsers.parseAs(buffer, OFFSET, length));
        if (length % 4 == 0) {
            RtcpCompound compound = new RtcpCompound();
            assertEquals(RtcpParseError.OK, compound.wrap(buffer, OFFSET, length), "the chain of headers is fine");
        }
    }

    @Test
    void shouldNeverThrowOnAnyTruncationOfAValidDatagram() {
        for (int[] datagram : DATAGRAMS) {
            ByteBuffer buffer = Fixtures.at(OFFSET, datagram);
            assertEquals(RtcpParseError.OK, parsers.parseEverything(buffer, OFFSET, datagram.length));
            for (int length = 0; length < datagram.length; length++) {
                buffer.limit(OFFSET + length); // a read past the datagram would throw
                parsers.parseEverything(buffer, OFFSET, length);
            }
        }
    }

    @Test
    void shouldRejectEveryTruncationOfAnUnpaddedPacket() {
        for (int[] packet : SINGLE_PACKETS) {
            ByteBuffer buffer = Fixtures.at(OFFSET, packet);
            for (int length = 0; length < packet.length; length++) {
                assertNotEquals(RtcpParseError.OK, parsers.parseAs(buffer, OFFSET, length), "cut at " + length);
            }
        }
    }

    @Test
    void shouldNeverThrowOnRandomMutations() {
        Random random = new Random(3550);
        for (int i = 0; i < 20_000; i++) {
            int[] datagram = DATAGRAMS.get(random.nextInt(DATAGRAMS.size())).clone();
            for (int m = 1 + random.nextInt(4); m > 0; m--) {
                int at = random.nextInt(datagram.length);
                datagram[at] = random.nextBoolean() ? random.nextInt(256) : datagram[at] ^ (1 << random.nextInt(8));
            }
            int length = random.nextInt(4) == 0 ? random.nextInt(datagram.length + 1) : datagram.length;
            ByteBuffer buffer = Fixtures.at(OFFSET, datagram);
            buffer.limit(OFFSET + length);
            parsers.parseEverything(buffer, OFFSET, length);
        }
    }

    @Test
    void shouldNeverThrowOnRandomBytes() {
        Random random = new Random(5761);
        ByteBuffer buffer = ByteBuffer.allocate(OFFSET + 64);
        for (int i = 0; i < 20_000; i++) {
            int length = random.nextInt(64);
            buffer.clear();
            for (int j = 0; j < length; j++) {
                buffer.put(OFFSET + j, (byte) random.nextInt());
            }
            if (length > 0) {
                buffer.put(OFFSET, (byte) ((buffer.get(OFFSET) & 0x3F) | 0x80)); // mostly version 2
            }
            buffer.limit(OFFSET + length);
            parsers.parseEverything(buffer, OFFSET, length);
        }
    }
}
