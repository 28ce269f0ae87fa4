package io.salvo.demo.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OpusTocTest {
    static Stream<Arguments> packets() {
        return Stream.of(
            // TOC: config (5 bits) | stereo (1) | code (2)
            Arguments.of("SILK 10 ms, code 0", 480, new int[] {0 << 3 | 0}),
            Arguments.of("SILK 20 ms, code 0", 960, new int[] {1 << 3 | 0}),
            Arguments.of("SILK 40 ms, code 0", 1920, new int[] {2 << 3 | 0}),
            Arguments.of("SILK 60 ms, code 0", 2880, new int[] {11 << 3 | 0}),
            Arguments.of("Hybrid 10 ms, code 0", 480, new int[] {12 << 3 | 0}),
            Arguments.of("Hybrid 20 ms, stereo, code 0", 960, new int[] {15 << 3 | 4 | 0}),
            Arguments.of("CELT 2.5 ms, code 0", 120, new int[] {16 << 3 | 0}),
            Arguments.of("CELT 5 ms, code 0", 240, new int[] {17 << 3 | 0}),
            Arguments.of("CELT 10 ms, code 0", 480, new int[] {18 << 3 | 0}),
            Arguments.of("CELT 20 ms, code 0", 960, new int[] {31 << 3 | 0}),
            Arguments.of("CELT 20 ms, code 1: 2 equal frames", 1920, new int[] {31 << 3 | 1, 0xAA, 0xBB}),
            Arguments.of("CELT 20 ms, code 2: 2 frames", 1920, new int[] {31 << 3 | 2, 1, 0xAA, 0xBB}),
            Arguments.of("CELT 2.5 ms, code 3: 48 frames (120 ms)", 5760, new int[] {16 << 3 | 3, 48}),
            Arguments.of("SILK 60 ms, code 3: 2 frames, VBR and padding bits", 5760,
                new int[] {11 << 3 | 3, 0b1_1_000010}),
            Arguments.of("SILK 60 ms, code 3: 3 frames (180 ms)", -1, new int[] {11 << 3 | 3, 3}),
            Arguments.of("code 3: 0 frames", -1, new int[] {31 << 3 | 3, 0}),
            Arguments.of("code 3 without its count byte", -1, new int[] {31 << 3 | 3}),
            Arguments.of("empty", -1, new int[] {}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("packets")
    void shouldGiveTheDurationAtAnOffset(String name, int samples, int[] bytes) {
        assertEquals(samples, OpusToc.samples(KeyFrameTestBytes.atOffset(bytes), KeyFrameTestBytes.OFFSET,
                bytes.length));
    }
}
