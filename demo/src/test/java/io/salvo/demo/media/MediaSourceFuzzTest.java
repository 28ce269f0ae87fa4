package io.salvo.demo.media;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzz targets of the file readers (Jazzer): any file opens and reads to its end or to a
 * {@link MediaFormatException} naming the problem, never another exception and never a frame
 * outside the file (see {@link FuzzedFile}).
 *
 * <p>{@code mvn test} runs them on the seeds (small valid files) and saved findings under
 * {@code src/test/resources/io/salvo/demo/media/MediaSourceFuzzTestInputs/<method>/};
 * {@code bench/scripts/fuzz.sh} fuzzes them. Input: the whole file.
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
    @FuzzTest
    void shouldReadAnyAnnexBFile(byte[] file) {
        FuzzedFile.read(file, path -> new AnnexBSource(path, Codec.H264));
        FuzzedFile.read(file, path -> new AnnexBSource(path, Codec.H265));
    }

    @FuzzTest
    void shouldReadAnyMp4File(byte[] file) {
        FuzzedFile.read(file, Mp4Source::new);
    }

    @FuzzTest
    void shouldReadAnyIvfFile(byte[] file) {
        FuzzedFile.read(file, IvfSource::new);
    }

    @FuzzTest
    void shouldReadAnyOggOpusFile(byte[] file) {
        FuzzedFile.read(file, OggOpusSource::new);
    }
}
