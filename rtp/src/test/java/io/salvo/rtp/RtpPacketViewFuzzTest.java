package io.salvo.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;

/**
 * Fuzz target of {@link RtpPacketView} (Jazzer): any datagram at any offset gets a result, never an
 * exception and never a read past the datagram (see {@link FuzzedDatagram}); a packet it accepts
 * has its header, extension elements, payload and padding inside the datagram, in that order.
 *
 * <p>{@code mvn test} runs it on the seeds and saved findings under
 * {@code src/test/resources/io/salvo/rtp/RtpPacketViewFuzzTestInputs/}; {@code bench/scripts/fuzz.sh}
 * fuzzes it. Input: byte 0 is the offset (0..31), the rest the datagram.
 */
class RtpPacketViewFuzzTest {
    private final RtpPacketView view = new RtpPacketView();

    @FuzzTest
    void shouldParseAnyDatagram(byte[] input) {
        FuzzedDatagram.parseTwice(input, this::parse);
    }

    private long parse(ByteBuffer buffer, int offset, int length) {
        RtpParseError error = view.wrap(buffer, offset, length);
        FuzzedDatagram.Digest digest = new FuzzedDatagram.Digest().add(error.ordinal()).add(view.errorMessage());
        if (error != RtpParseError.OK) {
            assertFalse(view.isValid());
            RtpParseException thrown = assertThrows(RtpParseException.class,
                    () -> view.wrapOrThrow(buffer, offset, length));
            assertEquals(error, thrown.error());
            assertEquals(digest.value(), new FuzzedDatagram.Digest().add(error.ordinal()).add(thrown.getMessage()).value());
            return digest.value();
        }
        int end = offset + length;
        RtpHeader header = view.header();
        assertTrue(view.headerLength() >= RtpHeader.FIXED_LENGTH + 4 * header.csrcCount());
        assertTrue(view.payloadLength() >= 0, "payload length");
        assertEquals(end, view.payloadOffset() + view.payloadLength() + view.paddingLength());
        digest.add(header.version()).add(header.marker() ? 1 : 0).add(header.payloadType())
                .add(header.sequenceNumber()).add(header.timestamp()).add(header.ssrc())
                .add(view.headerLength()).add(view.payloadLength()).add(view.paddingLength());
        for (int i = 0; i < header.csrcCount(); i++) {
            digest.add(header.csrc(i));
        }
        if (view.payloadLength() > 0) {
            digest.add(buffer.get(view.payloadOffset()) + buffer.get(view.payloadOffset() + view.payloadLength() - 1));
        }
        if (view.hasExtension()) {
            HeaderExtensionReader extensions = view.extensions();
            int dataEnd = extensions.dataOffset() + extensions.dataLength();
            assertTrue(extensions.dataOffset() >= offset + RtpHeader.FIXED_LENGTH && dataEnd <= view.payloadOffset());
            digest.add(extensions.profile()).add(extensions.dataLength());
            int elements = 0;
            while (extensions.next()) {
                assertTrue(extensions.valueOffset() >= extensions.dataOffset()
                        && extensions.valueOffset() + extensions.valueLength() <= dataEnd, "element inside the block");
                digest.add(extensions.id()).add(extensions.valueLength());
                if (extensions.valueLength() > 0) {
                    digest.add(buffer.get(extensions.valueOffset() + extensions.valueLength() - 1));
                }
                assertTrue(++elements <= extensions.dataLength(), "an element takes at least one byte");
            }
            digest.add(extensions.find(1) ? extensions.valueOffset() - offset : -1);
        }
        return digest.value();
    }
}
