package io.salvo.demo.media;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz targets of the file readers (Jazzer): any file opens and reads to its end or to a
 * {@link MediaFormatException} naming the problem, never another exception and never a frame
 * outside the file (see {@link FuzzedFile}).
 *
 * <p>{@code mvn test} runs them on the seeds (small valid files) and saved findings under
 * {@code src/test/resources/io/salvo/demo/media/MediaSourceFuzzTestInputs/<method>/};
 * {@code bench/scripts/fuzz.sh} fuzzes them. Input: the whole file. The dictionaries hold the
 * format's signatures and box types, which the fuzzer would otherwise have to guess.
 *
 * <p>The seeds (4 frames of 32x32 {@code testsrc2} at 25 fps, under 2 KB each) were made once with
 * ffmpeg 5.1: H.264 (libx264 {@code -preset ultrafast -bf 1 -g 4}) and H.265 (libx265
 * {@code bframes=1:keyint=4}) with SEI removed ({@code -bsf:v filter_units=remove_types=6}, 39) as
 * Annex B and as MP4 (avc1 with {@code -movflags +faststart}, hvc1 with moov last); VP8, VP9 and AV1
 * (libaom {@code -cpu-used 8}) in IVF; 60 ms of mono Opus in Ogg. The other Ogg seed was written
 * byte by byte (a second stream's page to skip, a packet across two pages, CRCs computed): see
 * {@link OggWriter} for the page layout.
 */
class MediaSourceFuzzTest {
    /** The same bytes as H.264 and as H.265, whatever their first NAL unit says. */
    @DictionaryEntries({"\u0000\u0000\u0001", "\u0000\u0000\u0000\u0001", "\u0000\u0000\u0003"})
    @FuzzTest
    void shouldReadAnyAnnexBFile(byte[] file) {
        FuzzedFile.read(file, path -> new AnnexBSource(path, Codec.H264));
        FuzzedFile.read(file, path -> new AnnexBSource(path, Codec.H265));
    }

    @DictionaryEntries({"ftyp", "moov", "mdat", "free", "skip", "wide", "moof", "mvex", "trak", "edts", "elst",
            "mdia", "mdhd", "hdlr", "vide", "minf", "stbl", "stsd", "stts", "ctts", "stsc", "stsz", "stz2", "stco",
            "co64", "stss", "avc1", "avc3", "hvc1", "hev1", "avcC", "hvcC"})
    @FuzzTest
    void shouldReadAnyMp4File(byte[] file) {
        FuzzedFile.read(file, Mp4Source::new);
    }

    @DictionaryEntries({"DKIF", "VP80", "VP90", "AV01"})
    @FuzzTest
    void shouldReadAnyIvfFile(byte[] file) {
        FuzzedFile.read(file, IvfSource::new);
    }

    @DictionaryEntries({"OggS", "OpusHead", "OpusTags"})
    @FuzzTest
    void shouldReadAnyOggOpusFile(byte[] file) {
        FuzzedFile.read(file, OggOpusSource::new);
    }
}
