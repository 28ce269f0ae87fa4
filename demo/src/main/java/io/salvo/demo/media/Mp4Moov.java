package io.salvo.demo.media;

import io.salvo.rtp.Bytes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The top level of an MP4/MOV file read as far as its {@code moov}: every {@code trak} parsed (not
 * yet configured), in file order. Fragmented files ({@code moof} at the top, {@code mvex} in moov)
 * are refused; a file cut before its moov fails, one cut inside an mdat after the moov does not
 * (its samples past the end are reported when reached).
 *
 * <p>The top level is walked header by header through windows of the file, with 64-bit offsets;
 * the {@code moov} is read from one mapping of its own (a window holding it whole), which the
 * tracks keep for their tables and decoder configuration. A {@code moov} above 2 GiB - 1 is
 * refused.
 */
final class Mp4Moov {
    final long offset;
    final List<Mp4Track> tracks;

    private Mp4Moov(long offset, List<Mp4Track> tracks) {
        this.offset = offset;
        this.tracks = tracks;
    }

    /**
     * Checks that {@code file} starts like an MP4/MOV file ({@link Mp4Source#probe}), finds its
     * moov box and parses its tracks.
     */
    static Mp4Moov read(WindowedMediaFile file) throws IOException {
        Path path = file.path();
        WindowedMediaFile.Window head = file.window(0, Math.min(8, file.size()));
        ByteBuffer map = head.buffer();
        if (!Mp4Source.probe(map.duplicate())) {
            throw new MediaFormatException(path, 0, "not an MP4 or MOV file: the first box is '"
                    + MappedMediaFile.printable(map, 4, 4) + "' of " + (map.capacity() >= 4 ? Bytes.u32(map, 0) : 0)
                    + " bytes; expected ftyp, moov, mdat, free, skip or wide");
        }
        Mp4Box top = Mp4Box.topLevel(path, file.size());
        List<Mp4Track> tracks = null;
        long moovOffset = -1;
        while (top.next(file)) {
            if (top.type() == Mp4Box.MOOF) {
                throw fragmented(path, top.offset(), "a moof box");
            }
            if (top.truncated()) {
                if (moovOffset >= 0) {
                    break; // a cut mdat after moov: samples past the end are reported when reached
                }
                long remain = file.size() - top.offset();
                throw new TruncatedMediaException(path, top.offset(), top.size() < 0
                        ? "the file ends inside a box header (" + remain + " bytes) before any moov box"
                        : "'" + Mp4Box.name(top.type()) + "' declares " + top.size() + " bytes but only " + remain
                        + " remain" + (top.type() == Mp4Box.MOOV ? "" : ", and no moov box came before it"));
            }
            if (top.type() == Mp4Box.MOOV && moovOffset < 0) {
                moovOffset = top.offset();
                tracks = tracks(path, file, top);
            }
        }
        if (moovOffset < 0) {
            throw new MediaFormatException(path, 0, "no moov box in the file");
        }
        return new Mp4Moov(moovOffset, tracks);
    }

    private static List<Mp4Track> tracks(Path path, WindowedMediaFile file, Mp4Box moov) throws IOException {
        if (moov.size() > WindowedMediaFile.MAX_WINDOW) {
            throw new MediaFormatException(path, moov.offset(), "moov box of " + moov.size() + " bytes; salvo maps"
                    + " at most " + WindowedMediaFile.MAX_WINDOW + " bytes (2 GiB - 1) of it in one piece");
        }
        WindowedMediaFile.Window w = file.window(moov.offset(), moov.size());
        Mp4Box children = Mp4Box.within(path, w.buffer(), w.start(), moov.payloadOffset(), moov.end(), Mp4Box.MOOV);
        while (children.next()) {
            if (children.type() == Mp4Box.MVEX) {
                throw fragmented(path, children.offset(), "an mvex box in moov");
            }
        }
        List<Mp4Track> tracks = new ArrayList<>();
        children = Mp4Box.within(path, w.buffer(), w.start(), moov.payloadOffset(), moov.end(), Mp4Box.MOOV);
        while (children.next()) {
            if (children.type() == Mp4Box.TRAK) {
                tracks.add(Mp4Track.parse(path, children));
            }
        }
        return tracks;
    }

    private static MediaFormatException fragmented(Path path, long offset, String evidence) {
        return new MediaFormatException(path, offset, "fragmented MP4 is not supported (" + evidence + ")");
    }
}
