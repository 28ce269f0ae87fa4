package io.salvo.demo.media;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The top level of an MP4/MOV file read as far as its {@code moov}: every {@code trak} parsed (not
 * yet configured), in file order. Fragmented files ({@code moof} at the top, {@code mvex} in moov)
 * are refused; a file cut before its moov fails, one cut inside an mdat after the moov does not
 * (its samples past the end are reported when reached).
 */
final class Mp4Moov {
    final long offset;
    final List<Mp4Track> tracks;

    private Mp4Moov(long offset, List<Mp4Track> tracks) {
        this.offset = offset;
        this.tracks = tracks;
    }

    /** Finds the moov box of {@code map} and parses its tracks. */
    static Mp4Moov read(Path path, ByteBuffer map) throws MediaFormatException {
        Mp4Box top = Mp4Box.topLevel(path, map);
        List<Mp4Track> tracks = null;
        long moovOffset = -1;
        while (top.next()) {
            if (top.type() == Mp4Box.MOOF) {
                throw fragmented(path, top.offset(), "a moof box");
            }
            if (top.truncated()) {
                if (moovOffset >= 0) {
                    break; // a cut mdat after moov: samples past the end are reported when reached
                }
                long remain = map.capacity() - top.offset();
                throw new TruncatedMediaException(path, top.offset(), top.size() < 0
                        ? "the file ends inside a box header (" + remain + " bytes) before any moov box"
                        : "'" + Mp4Box.name(top.type()) + "' declares " + top.size() + " bytes but only " + remain
                        + " remain" + (top.type() == Mp4Box.MOOV ? "" : ", and no moov box came before it"));
            }
            if (top.type() == Mp4Box.MOOV && moovOffset < 0) {
                moovOffset = top.offset();
                tracks = tracks(path, map, top);
            }
        }
        if (moovOffset < 0) {
            throw new MediaFormatException(path, 0, "no moov box in the file");
        }
        return new Mp4Moov(moovOffset, tracks);
    }

    private static List<Mp4Track> tracks(Path path, ByteBuffer map, Mp4Box moov) throws MediaFormatException {
        Mp4Box children = Mp4Box.children(moov, 0);
        while (children.next()) {
            if (children.type() == Mp4Box.MVEX) {
                throw fragmented(path, children.offset(), "an mvex box in moov");
            }
        }
        List<Mp4Track> tracks = new ArrayList<>();
        children = Mp4Box.children(moov, 0);
        while (children.next()) {
            if (children.type() == Mp4Box.TRAK) {
                tracks.add(Mp4Track.parse(path, map, children));
            }
        }
        return tracks;
    }

    private static MediaFormatException fragmented(Path path, long offset, String evidence) {
        return new MediaFormatException(path, offset, "fragmented MP4 is not supported (" + evidence + ")");
    }
}
