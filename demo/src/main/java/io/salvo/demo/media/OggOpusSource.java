package io.salvo.demo.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Reads the Opus packets of an Ogg Opus file (RFC 7845) over a read-only mapping. Each packet is a
 * view of the mapping, except a packet that spans pages, which is joined once into a pooled direct
 * buffer ({@link #joinedPackets()} counts them). Pages are checked (capture pattern, version, CRC,
 * sequence); see {@link OggPacketReader}.
 *
 * <p>Only the first logical stream is read; it must be Opus. Pages of other multiplexed streams
 * are skipped, and anything after the first stream's end-of-stream page (a chained stream) is
 * ignored. The {@code OpusHead} packet is parsed ({@link #channels()}, {@link #preSkip()}...) and
 * handed out as {@link #codecConfig()}; {@code OpusTags} is skipped.
 *
 * <p>The file is mapped in one piece, so files above 2 GiB - 1 bytes (days of Opus audio) are
 * refused at open with a {@link MediaFormatException} naming the size and the limit.
 *
 * <p>Timestamps: timescale 48000; the first audio packet has pts 0 and each packet's pts is the
 * sum of the durations (from the TOC byte) of the packets before it, so pts counts decoded samples,
 * pre-skip included, as RTP timestamps do. Page granule positions count the same samples (plus the
 * stream's starting offset, learned from the first audio page); pages that disagree are counted in
 * {@link #granuleMismatches()}. The end trimming of the last page is ignored (every packet is sent
 * whole). Every packet is a key frame. {@link MediaFrame#index} counts audio packets from 0.
 */
public final class OggOpusSource implements MediaSource {
    /** RTP clock and Ogg Opus granule rate. */
    public static final int TIMESCALE = 48_000;
    private static final String TAGS_MAGIC = "OpusTags";

    private final MappedMediaFile file;
    private final JoinedPackets joins = new JoinedPackets();
    private final OggPacketReader reader;
    private final OpusHead head;
    private final int headOffset;
    private final int headLength;
    private long pts;
    private long packetIndex;
    private boolean granuleOffsetKnown;
    private long granuleOffset;
    private long granuleMismatches;

    /** Opens and maps {@code path} and reads its OpusHead and OpusTags. */
    public OggOpusSource(Path path) throws IOException {
        file = new MappedMediaFile(path, "Ogg Opus");
        try {
            ByteBuffer map = file.map();
            reader = new OggPacketReader(path, map, joins);
            if (!reader.next(false)) {
                throw new MediaFormatException(path, 0, "no Ogg packet in the file");
            }
            if (reader.joined()) {
                throw new MediaFormatException(path, reader.fileOffset(), "the first packet spans pages;"
                        + " an OpusHead must complete on the first page");
            }
            headOffset = reader.offset();
            headLength = reader.length();
            head = OpusHead.parse(path, map, headOffset, headLength, reader.fileOffset());
            skipTags();
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** Whether {@code head} (from its position) starts like an Ogg file: {@code OggS}. */
    public static boolean probe(ByteBuffer head) {
        return MappedMediaFile.startsWith(head, OggPage.CAPTURE_PATTERN);
    }

    private void skipTags() throws MediaFormatException {
        Path path = file.path();
        if (!reader.next(false)) {
            throw new MediaFormatException(path, file.size(), "the stream ends before its OpusTags packet");
        }
        // a packet's first bytes are in the mapping at its file offset, even when it spans pages
        // (its first piece is then at least 255 bytes)
        int at = (int) reader.fileOffset();
        if (!OpusHead.startsWith(file.map(), at, reader.length(), TAGS_MAGIC)) {
            throw new MediaFormatException(path, at, "the second packet is not OpusTags: it starts with '"
                    + MappedMediaFile.printable(file.map(), at, Math.min(reader.length(), TAGS_MAGIC.length())) + "'");
        }
    }

    @Override
    public Path path() {
        return file.path();
    }

    @Override
    public Codec codec() {
        return Codec.OPUS;
    }

    /** {@value #TIMESCALE}. */
    @Override
    public long timescale() {
        return TIMESCALE;
    }

    /** The OpusHead packet: a read-only view of the mapping. */
    @Override
    public ByteBuffer codecConfig() {
        return file.map().slice(headOffset, headLength);
    }

    /** Output channel count from OpusHead (2 means {@code sprop-stereo=1} in SDP). */
    @Override
    public int channels() {
        return head.channels;
    }

    /** Samples (48 kHz) the decoder discards at the start, from OpusHead. */
    public int preSkip() {
        return head.preSkip;
    }

    /** The encoder's input sample rate from OpusHead (informational; Opus always runs at 48 kHz here). */
    public long inputSampleRate() {
        return head.inputSampleRate;
    }

    /** Output gain from OpusHead, Q7.8 dB. */
    public int outputGain() {
        return head.outputGain;
    }

    /** Channel mapping family from OpusHead (0: mono/stereo, the only one RFC 7587 RTP carries). */
    public int mappingFamily() {
        return head.mappingFamily;
    }

    /** Packets that spanned pages and were joined (copied once each) into pooled buffers. */
    public int joinedPackets() {
        return joins.joined();
    }

    /** Bytes copied to join packets. */
    public long joinedBytes() {
        return joins.bytesCopied();
    }

    /**
     * Pages read since open or the last rewind whose granule position disagrees with the summed
     * packet durations (the last page may count fewer samples: end trimming).
     */
    public long granuleMismatches() {
        return granuleMismatches;
    }

    @Override
    public boolean next(MediaFrame frame) throws IOException {
        file.map(); // throws when closed
        if (!reader.next(true)) {
            return false;
        }
        int samples = OpusToc.samples(reader.buffer(), reader.offset(), reader.length());
        if (samples < 0) {
            throw new MediaFormatException(file.path(), reader.fileOffset(), "Opus packet " + packetIndex
                    + " of " + reader.length() + " bytes has no valid TOC: "
                    + (reader.length() == 0 ? "it is empty" : "its frame count or duration is impossible"));
        }
        frame.set(reader.buffer(), reader.offset(), reader.length(), pts, pts, true, packetIndex, reader.fileOffset());
        pts += samples;
        packetIndex++;
        if (reader.lastOnPage()) {
            checkGranule(reader.granulePosition());
        }
        return true;
    }

    private void checkGranule(long granule) {
        if (!granuleOffsetKnown) {
            granuleOffsetKnown = true;
            granuleOffset = Math.max(0, granule - pts);
        }
        long expected = granule - granuleOffset;
        if (reader.endOfStream() ? expected > pts : expected != pts) {
            granuleMismatches++;
        }
    }

    @Override
    public void rewind() throws IOException {
        file.map(); // throws when closed
        reader.rewind();
        joins.rewind();
        reader.next(false);
        skipTags();
        pts = 0;
        packetIndex = 0;
        granuleOffsetKnown = false;
        granuleMismatches = 0;
    }

    @Override
    public void close() throws IOException {
        joins.release();
        file.close();
    }
}
