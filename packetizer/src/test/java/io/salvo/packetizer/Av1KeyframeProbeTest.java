package io.salvo.packetizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Av1KeyframeProbeTest {
    // OBU headers: forbidden(1) type(4) extension(1) has_size(1) reserved(1)
    private static final int TEMPORAL_DELIMITER = 0b0_0010_0_1_0;
    private static final int SEQUENCE_HEADER = 0b0_0001_0_1_0;
    private static final int FRAME_HEADER = 0b0_0011_0_1_0;
    private static final int FRAME = 0b0_0110_0_1_0;
    private static final int FRAME_WITH_EXTENSION = 0b0_0110_1_1_0;
    private static final int FRAME_WITHOUT_SIZE = 0b0_0110_0_0_0;
    private static final int PADDING = 0b0_1111_0_1_0;

    static Stream<Arguments> temporalUnits() {
        return Stream.of(
            Arguments.of("sequence header + key frame", true, new int[] {
                TEMPORAL_DELIMITER, 0,      // size 0
                SEQUENCE_HEADER, 1,         // size 1
                0b000_0_0_000,              //   seq_profile 0, still_picture 0, reduced_still_picture_header 0
                FRAME, 2,                   // size 2
                0b0_00_1_0000, 0x00,        //   show_existing_frame 0, frame_type 0 (KEY_FRAME), show_frame 1
            }),
            Arguments.of("sequence header + inter frame", false, new int[] {
                TEMPORAL_DELIMITER, 0,
                SEQUENCE_HEADER, 1, 0x00,
                FRAME, 1, 0b0_01_1_0000,    // frame_type 1 (INTER_FRAME)
            }),
            Arguments.of("sequence header + intra-only frame", false, new int[] {
                SEQUENCE_HEADER, 1, 0x00,
                FRAME, 1, 0b0_10_1_0000,    // frame_type 2 (INTRA_ONLY_FRAME)
            }),
            Arguments.of("key frame without sequence header", false, new int[] {
                TEMPORAL_DELIMITER, 0,
                FRAME, 1, 0b0_00_1_0000,    // key frame, but no sequence header in the unit
            }),
            Arguments.of("shown existing frame", false, new int[] {
                SEQUENCE_HEADER, 1, 0x00,
                FRAME_HEADER, 1, 0b1_000_0000, // show_existing_frame 1, frame_to_show_map_idx 0
            }),
            Arguments.of("reduced still picture", true, new int[] {
                SEQUENCE_HEADER, 1,
                0b000_1_1_000,              //   still_picture 1, reduced_still_picture_header 1
                FRAME_HEADER, 1, 0xFF,      // no show_existing_frame/frame_type bits: always a key frame
            }),
            Arguments.of("frame with extension byte", true, new int[] {
                SEQUENCE_HEADER, 1, 0x00,
                FRAME_WITH_EXTENSION,
                0b000_00_000,               //   temporal_id 0, spatial_id 0
                1, 0b0_00_1_0000,           //   size 1, key frame
            }),
            Arguments.of("last OBU without size field", true, new int[] {
                SEQUENCE_HEADER, 1, 0x00,
                FRAME_WITHOUT_SIZE,         //   runs to the end of the unit
                0b0_00_1_0000, 0x00, 0x00,
            }),
            Arguments.of("two-byte leb128 size", true, concat(new int[] {
                PADDING, 0x82, 0x01,        // size 2 + (1 << 7) = 130
            }, new int[130], new int[] {
                SEQUENCE_HEADER, 1, 0x00,
                FRAME, 1, 0b0_00_1_0000,
            })),
            Arguments.of("OBU size past the end", false, new int[] {
                SEQUENCE_HEADER, 9, 0x00,   // declares 9 bytes, 4 remain
                FRAME, 1, 0b0_00_1_0000,
            }),
            Arguments.of("forbidden bit", false, new int[] {
                0x80 | SEQUENCE_HEADER, 1, 0x00,
                FRAME, 1, 0b0_00_1_0000,
            }),
            Arguments.of("empty", false, new int[] {}));
    }

    private static int[] concat(int[]... parts) {
        return Stream.of(parts).flatMapToInt(IntStream::of).toArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("temporalUnits")
    void shouldTellKeyFramesAtAnOffset(String name, boolean key, int[] bytes) {
        ByteBuffer b = KeyFrameTestBytes.atOffset(bytes);
        assertEquals(key, Av1Packetizer.isKeyframe(b, KeyFrameTestBytes.OFFSET, bytes.length));
    }
}
