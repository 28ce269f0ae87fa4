package io.salvo.demo.stream;

import io.salvo.demo.cli.UserError;
import io.salvo.demo.media.AnnexBSource;
import io.salvo.demo.media.Codec;
import io.salvo.demo.media.IvfSource;
import io.salvo.demo.media.MediaFormatException;
import io.salvo.demo.media.MediaSource;
import io.salvo.demo.media.Mp4File;
import io.salvo.demo.media.Mp4Source;
import io.salvo.demo.media.OggOpusSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Opens a media file with the reader its content calls for; the extension only chooses which
 * reader explains a file that is not recognised.
 */
public final class MediaSources {
    /** How much of the file is examined to recognise it. */
    public static final int PROBE_BYTES = 64 * 1024;
    /** What salvo streams out of MP4/MOV files, for the lines about tracks it leaves out. */
    static final String MP4_CODECS = "salvo streams H.264, H.265 and AAC tracks of MP4/MOV files";
    /** MPEG-TS packets are 188 bytes, each starting with the sync byte 'G'. */
    private static final int TS_PACKET = 188;
    private static final byte TS_SYNC = 0x47;

    private MediaSources() {
    }

    /**
     * Opens {@code path}: IVF, Ogg Opus, MP4/MOV, or an H.264/H.265 Annex B stream (whose frame rate
     * falls back to {@code fallbackFrameRate} when the SPS carries no timing). The content decides;
     * when it matches nothing, a {@code .ivf}, {@code .ogg}, {@code .opus} or {@code .oga} name
     * hands the file to that reader, whose error names the bad signature.
     *
     * @throws UserError            when the file is missing, unreadable or empty
     * @throws MediaFormatException when it is not a supported format, saying what was recognised
     */
    public static MediaSource open(Path path, double fallbackFrameRate) throws IOException {
        return open(path, readHead(path), fallbackFrameRate);
    }

    /**
     * Opens the tracks of {@code path} that {@code selection} asks for: every supported video
     * track then every supported audio track of an MP4/MOV file (each a source over the file's one
     * mapping, the others listed in {@link MediaInput#skipped()}), or the one stream of any other
     * format, as {@link #open} reads it.
     *
     * @throws UserError when no track is left to stream, saying which tracks there were
     */
    public static MediaInput openTracks(Path path, double fallbackFrameRate, MediaInput.Selection selection)
            throws IOException {
        ByteBuffer head = readHead(path);
        if (!IvfSource.probe(head.duplicate()) && !OggOpusSource.probe(head.duplicate())
                && Mp4Source.probe(head.duplicate())) {
            return openMp4(path, selection);
        }
        MediaSource source = open(path, head, fallbackFrameRate);
        if (!selection.includes(source.codec())) {
            source.close();
            String has = source.codec().mediaType();
            throw new UserError("--" + (selection == MediaInput.Selection.VIDEO ? "video" : "audio") + "-only: " + path
                    + " holds " + MtuFloor.name(source.codec()) + " " + has + " and nothing else");
        }
        return new MediaInput(List.of(source), List.of(1), List.of(), () -> { });
    }

    private static MediaInput openMp4(Path path, MediaInput.Selection selection) throws IOException {
        Mp4File mp4 = Mp4File.open(path);
        try {
            List<MediaSource> video = new ArrayList<>();
            List<MediaSource> audio = new ArrayList<>();
            List<Integer> videoIds = new ArrayList<>();
            List<Integer> audioIds = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            for (Mp4File.Track track : mp4.tracks()) {
                if (!track.supported()) {
                    skipped.add("skipping " + track.describe() + ": " + MP4_CODECS
                            + (track.unsupported().contains("objectTypeIndication") ? ", and this one is "
                            + track.unsupported().substring(track.unsupported().indexOf("objectTypeIndication")) : ""));
                } else if (selection.includes(track.codec())) {
                    boolean isVideo = track.codec().mediaType().equals("video");
                    (isVideo ? video : audio).add(mp4.source(track));
                    (isVideo ? videoIds : audioIds).add(track.id());
                }
            }
            video.addAll(audio);
            videoIds.addAll(audioIds);
            if (video.isEmpty()) {
                boolean all = selection == MediaInput.Selection.ALL;
                String kind = selection.name().toLowerCase(Locale.ROOT);
                throw new UserError(path + " has " + (all ? "no track" : "no " + kind + " track") + " salvo can stream"
                        + (all ? "" : " (--" + kind + "-only)") + "; its tracks: " + (mp4.tracks().isEmpty() ? "none"
                        : mp4.tracks().stream().map(t -> t.describe() + (t.supported() ? "" : " " + t.unsupported()))
                        .collect(Collectors.joining(", "))) + (all ? "; " + MP4_CODECS : ""));
            }
            return new MediaInput(List.copyOf(video), List.copyOf(videoIds), List.copyOf(skipped), mp4);
        } catch (RuntimeException e) {
            mp4.close();
            throw e;
        }
    }

    private static MediaSource open(Path path, ByteBuffer head, double fallbackFrameRate) throws IOException {
        if (IvfSource.probe(head.duplicate())) {
            return new IvfSource(path);
        }
        if (OggOpusSource.probe(head.duplicate())) {
            return new OggOpusSource(path);
        }
        if (Mp4Source.probe(head.duplicate())) {
            return new Mp4Source(path);
        }
        Codec codec = AnnexBSource.detectCodec(head.duplicate());
        if (codec != null) {
            return new AnnexBSource(path, codec, fallbackFrameRate);
        }
        // no signature matched: the reader the extension names says what is wrong with its signature
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".ivf")) {
            return new IvfSource(path);
        }
        if (name.endsWith(".ogg") || name.endsWith(".opus") || name.endsWith(".oga")) {
            return new OggOpusSource(path);
        }
        throw new MediaFormatException(path, 0, "not a supported format: " + describe(head)
                + "; salvo streams H.264/H.265 (Annex B or MP4/MOV), AAC (MP4/MOV), VP8/VP9/AV1 (IVF) and Opus (Ogg)");
    }

    private static ByteBuffer readHead(Path path) {
        if (Files.isDirectory(path)) {
            throw new UserError("cannot read " + path + ": it is a directory");
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            if (channel.size() == 0) {
                throw new UserError("cannot stream " + path + ": the file is empty");
            }
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(PROBE_BYTES, channel.size()));
            while (head.hasRemaining() && channel.read(head) >= 0) {
                // read until full or end of file
            }
            return head.flip();
        } catch (NoSuchFileException e) {
            throw new UserError("cannot read " + path + ": no such file");
        } catch (AccessDeniedException e) {
            throw new UserError("cannot read " + path + ": permission denied");
        } catch (IOException e) {
            throw new UserError("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** What the first bytes look like, for the error message. */
    private static String describe(ByteBuffer head) {
        if (head.remaining() >= 4 && head.getInt(0) == 0x1A45DFA3) {
            return "Matroska/WebM is not supported (remux to MP4 or IVF)";
        }
        if (head.remaining() >= 3 && head.get(0) == 'I' && head.get(1) == 'D' && head.get(2) == '3'
                || head.remaining() >= 2 && (head.get(0) & 0xFF) == 0xFF && (head.get(1) & 0xE0) == 0xE0) {
            return "looks like MP3/ADTS audio, which is not supported";
        }
        if (head.remaining() >= 4 && head.get(0) == 'R' && head.get(1) == 'I' && head.get(2) == 'F' && head.get(3) == 'F') {
            return "RIFF (WAV/AVI) is not supported";
        }
        if (head.remaining() > TS_PACKET && head.get(0) == TS_SYNC && head.get(TS_PACKET) == TS_SYNC) {
            return "looks like MPEG-TS, which is not supported";
        }
        return "no H.264/H.265 start code in the first " + Math.min(PROBE_BYTES, head.remaining())
                + " bytes, and no MP4, IVF or Ogg signature";
    }
}
