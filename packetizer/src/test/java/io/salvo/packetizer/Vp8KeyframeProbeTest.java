package io.salvo.packetizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Vp8KeyframeProbeTest {
    static Stream<Arguments> frames() {
        return Stream.of(
            Arguments.of("key frame", true, new int[] {
                0x50, 0x02, 0x00,       // frame tag: frame_type 0 (key), version 0, show_frame 1
                0x9d, 0x01, 0x2a,       // start code
                0x40, 0x01, 0xF0, 0x00, // width 320, height 240
            }),
            Arguments.of("inter frame", false, new int[] {
                0x51, 0x02, 0x00,       // frame tag: frame_type 1 (inter)
                0x9d, 0x01, 0x2a, 0x40, 0x01, 0xF0, 0x00,
            }),
            Arguments.of("key bit without start code", false, new int[] {
                0x50, 0x02, 0x00,       // frame tag: frame_type 0
                0x9d, 0x01, 0x2b,       // start code wrong in its last byte
                0x40, 0x01, 0xF0, 0x00,
            }),
            Arguments.of("key frame cut before its dimensions", false, new int[] {
                0x50, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xF0,
            }),
            Arguments.of("empty", false, new int[] {}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frames")
    void shouldTellKeyFramesAtAnOffset(String name, boolean key, int[] bytes) {
        ByteBuffer b = KeyFrameTestBytes.atOffset(bytes);
        assertEquals(key, Vp8Packetizer.isKeyframe(b, KeyFrameTestBytes.OFFSET, bytes.length));
    }
}
