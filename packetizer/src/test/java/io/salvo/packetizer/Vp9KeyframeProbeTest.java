package io.salvo.packetizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Vp9KeyframeProbeTest {
    static Stream<Arguments> frames() {
        return Stream.of(
            // bits MSB first: frame_marker(2) profile_low(1) profile_high(1) [reserved(1)] show_existing(1) frame_type(1)
            Arguments.of("profile 0 key frame", true, new int[] {
                0b10_0_0_0_0_1_0,   // marker 2, profile 0, show_existing 0, frame_type 0 (key), show_frame 1
                0x49, 0x83, 0x42,   // sync code
            }),
            Arguments.of("profile 0 inter frame", false, new int[] {
                0b10_0_0_0_1_1_0,   // frame_type 1 (non key)
            }),
            Arguments.of("profile 1 key frame", true, new int[] {
                0b10_1_0_0_0_1_0,   // profile_low 1: profile 1; frame_type 0
            }),
            Arguments.of("profile 3 key frame", true, new int[] {
                0b10_1_1_0_0_0_1,   // profile 3, reserved_zero 0, show_existing 0, frame_type 0, show_frame 1
            }),
            Arguments.of("profile 3 inter frame", false, new int[] {
                0b10_1_1_0_0_1_0,   // profile 3, reserved_zero 0, show_existing 0, frame_type 1
            }),
            Arguments.of("show existing frame", false, new int[] {
                0b10_0_0_1_000,     // show_existing_frame 1, frame_to_show_map_idx 0
            }),
            Arguments.of("bad frame marker", false, new int[] {
                0b01_0_0_0_0_1_0,   // frame_marker 1
            }),
            Arguments.of("empty", false, new int[] {}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("frames")
    void shouldTellKeyFramesAtAnOffset(String name, boolean key, int[] bytes) {
        ByteBuffer b = KeyFrameTestBytes.atOffset(bytes);
        assertEquals(key, Vp9Packetizer.isKeyframe(b, KeyFrameTestBytes.OFFSET, bytes.length));
    }
}
