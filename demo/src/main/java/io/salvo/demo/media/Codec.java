package io.salvo.demo.media;

/** The codecs salvo's readers and packetizers handle, with their SDP names and clocks. */
public enum Codec {
    H264("H264", "video", 90_000),
    H265("H265", "video", 90_000),
    VP8("VP8", "video", 90_000),
    VP9("VP9", "video", 90_000),
    AV1("AV1", "video", 90_000),
    OPUS("opus", "audio", 48_000),
    /** AAC (RFC 3640 mpeg4-generic): the clock is the audio's sampling frequency, see {@link MediaSource#clockRate()}. */
    AAC("MPEG4-GENERIC", "audio", 0);

    private final String encodingName;
    private final String mediaType;
    private final int clockRate;

    Codec(String encodingName, String mediaType, int clockRate) {
        this.encodingName = encodingName;
        this.mediaType = mediaType;
        this.clockRate = clockRate;
    }

    /** SDP encoding name ({@code a=rtpmap}). */
    public String encodingName() {
        return encodingName;
    }

    /** SDP media type: video or audio. */
    public String mediaType() {
        return mediaType;
    }

    /** RTP clock rate; 0 for AAC, whose clock is its sampling frequency. */
    public int clockRate() {
        return clockRate;
    }
}
