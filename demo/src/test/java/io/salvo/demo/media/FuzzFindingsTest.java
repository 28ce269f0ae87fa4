package io.salvo.demo.media;

import static io.salvo.demo.media.Mp4Bytes.box;
import static io.salvo.demo.media.Mp4Bytes.bytes;
import static io.salvo.demo.media.Mp4Bytes.text;
import static io.salvo.demo.media.Mp4Bytes.u16;
import static io.salvo.demo.media.Mp4Bytes.u32;
import static io.salvo.demo.media.Mp4Bytes.u64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the fuzz targets of {@link MediaSourceFuzzTest} found, as plain tests with the bytes
 * spelled out (the inputs themselves are replayed from {@code MediaSourceFuzzTestInputs/}).
 */
class FuzzFindingsTest {
    @TempDir
    Path dir;

    /**
     * Found by {@code shouldReadAnyMp4File} (crash-2229898b..., crash-0e5e7fcc...): an stsz sample
     * count of tens of millions in a file of 900 bytes made the sample index allocate 1.4 to 1.9 GB
     * (OutOfMemoryError) before the size table was checked, or without any table when the sample
     * size is constant. The count is now held to what the file can hold first.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("countsNoFileCanHold")
    void shouldRefuseASampleCountTheFileCannotHold(String name, byte[] stsz, long count) throws IOException {
        Path file = Files.write(dir.resolve(name.replace(' ', '-') + ".mp4"), tinyMp4(stsz));
        int size = (int) Files.size(file);

        MediaFormatException e = assertThrows(MediaFormatException.class, () -> new Mp4Source(file).close());

        assertEquals(file + ": stsz declares " + count + " samples, more than the " + size + "-byte file can hold"
                + " (at least half a byte each) (at byte " + (size - stsz.length - 20) + ")", e.getMessage());
    }

    static Stream<Arguments> countsNoFileCanHold() {
        return Stream.of(
                Arguments.of("constant size", box("stsz",
                        u32(0),                  // version 0, flags 0
                        u32(78),                 // sample_size 78: every sample, no table follows
                        u32(0x0300_0000)),       // sample_count 50,331,648
                        0x0300_0000L),
                Arguments.of("table of sizes", box("stsz",
                        u32(0),                  // version 0, flags 0
                        u32(0),                  // sample_size 0: a table of sizes follows
                        u32(0x0400_0000),        // sample_count 67,108,864 (the index's maximum)
                        u32(0x274)),             // entry 0: 628 bytes, and no room for the others
                        0x0400_0000L));
    }

    @Test
    void shouldStillReadAConstantSampleSizeThatTheFileCanHold() throws IOException {
        byte[] stsz = box("stsz",
                u32(0),                  // version 0, flags 0
                u32(1),                  // sample_size 1
                u32(4));                 // sample_count 4: the 4 bytes of the mdat at the start
        byte[] file = tinyMp4(stsz);

        try (Mp4Source source = new Mp4Source(Files.write(dir.resolve("four.mp4"), file))) {
            assertEquals(4, FrameSnapshots.readAll(source).size());
        }
    }

    /**
     * Found while writing {@code shouldReadAnyMp4File} (by reading, not by the fuzzer, which has not
     * reached it in 10 minutes; its input is replayed as {@code regression-co64-offset-overflow}):
     * a co64 chunk offset near 2^63 plus the sample's size overflowed to a negative end that passed
     * for "inside the file", and the sample came out as a frame at offset -16 of the mapping.
     */
    @Test
    void shouldRefuseAChunkOffsetNoFileCanReach() throws IOException {
        byte[] co64 = box("co64",
                u32(0),                          // version 0, flags 0
                u32(1),                          // entry_count 1
                u64(0x7FFF_FFFF_FFFF_FFF0L));    // chunk 1 at 2^63 - 16: + 32 bytes overflows
        byte[] stsz = box("stsz",
                u32(0),                          // version 0, flags 0
                u32(32),                         // sample_size 32
                u32(1));                         // sample_count 1
        Path file = Files.write(dir.resolve("co64.mp4"), tinyMp4(stsz, co64));
        int size = (int) Files.size(file);

        MediaFormatException e = assertThrows(MediaFormatException.class, () -> new Mp4Source(file).close());

        assertEquals(file + ": co64 gives chunk 1 the impossible offset 9223372036854775792 (at byte "
                + (size - co64.length) + ")", e.getMessage());
    }

    private static byte[] tinyMp4(byte[] stsz) {
        return tinyMp4(stsz, box("stco", u32(0), u32(1), u32(24)));     // chunk 1 at byte 24
    }

    /**
     * An MP4 of one H.264 track: ftyp, an mdat of 4 bytes (data at byte 24) and a moov whose stbl
     * ends with {@code stsz} and {@code chunkOffsets} (stco or co64) of one chunk; stts and stsc put
     * every sample in that chunk, one tick each (their counts are made to agree with any stsz).
     */
    private static byte[] tinyMp4(byte[] stsz, byte[] chunkOffsets) {
        long samples = u32(stsz, 16);
        byte[] ftyp = box("ftyp", text("isom"), u32(0x200));                 // 16 bytes
        byte[] mdat = box("mdat", bytes(0, 1, 0x41, 0));                      // 12 bytes, at 16; data at 24
        byte[] moov = box("moov", box("trak", box("mdia",
                box("mdhd", u32(0), u32(0), u32(0), u32(1000), u32(0), u32(0)), // v0, times, timescale 1000
                box("hdlr", u32(0), u32(0), text("vide"), new byte[12], bytes(0)),
                box("minf", box("stbl",
                        box("stsd", u32(0), u32(1),
                                box("avc1", new byte[6], u16(1), new byte[16], u16(16), u16(16),
                                        u32(0x00480000), u32(0x00480000), u32(0), u16(1), new byte[32],
                                        u16(0x18), u16(0xFFFF),
                                        box("avcC", bytes(1, 0x42, 0, 0x1e, 0xFF, 0xE0, 0)))),
                        box("stts", u32(0), u32(1), u32(samples), u32(1)),    // every sample 1 tick
                        box("stsc", u32(0), u32(1), u32(1), u32(samples), u32(1)), // chunk 1 holds them all
                        stsz,
                        chunkOffsets)))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ftyp);
        out.writeBytes(mdat);
        out.writeBytes(moov);
        return out.toByteArray();
    }
}
