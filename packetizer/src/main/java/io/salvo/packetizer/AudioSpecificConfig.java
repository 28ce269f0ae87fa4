package io.salvo.packetizer;

import java.nio.ByteBuffer;

/**
 * An MPEG-4 {@code AudioSpecificConfig} (ISO/IEC 14496-3 §1.6.2.1), the AAC decoder
 * configuration: in MP4 the {@code DecoderSpecificInfo} of the {@code esds} box, in RFC 3640 SDP
 * the {@code config=} parameter in hex. Only its head is read; the rest (GASpecificConfig and
 * beyond) is carried as it is.
 *
 * <pre>
 * audioObjectType              5 bits; 31: escape, 32 + the next 6 bits
 * samplingFrequencyIndex       4 bits; 15: escape, samplingFrequency in the next 24 bits
 * channelConfiguration         4 bits; 0: channels given by a program config element
 * if audioObjectType is 5 (SBR) or 29 (PS): explicit HE-AAC signalling
 *   extensionSamplingFrequencyIndex  4 bits (15: 24-bit frequency follows)
 *   audioObjectType                  5 bits (+6): the core coder, usually 2 (AAC LC)
 * </pre>
 */
public final class AudioSpecificConfig {
    /** AAC Main. */
    public static final int AAC_MAIN = 1;
    /** AAC LC, what nearly every file holds. */
    public static final int AAC_LC = 2;
    /** Spectral band replication (HE-AAC v1). */
    public static final int SBR = 5;
    /** Parametric stereo (HE-AAC v2). */
    public static final int PS = 29;
    /** {@code samplingFrequencyIndex} escape: the frequency follows in 24 bits. */
    public static final int EXPLICIT_FREQUENCY = 15;
    private static final int[] FREQUENCIES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000,
        11025, 8000, 7350};
    // channelConfiguration 0..15 to channels (14496-3 Table 1.19, with the 2009+ additions); -1 reserved
    private static final int[] CHANNELS = {0, 1, 2, 3, 4, 5, 6, 8, -1, -1, -1, 7, 8, 24, 8, -1};

    private final byte[] bytes;
    private final int objectType;
    private final int coreObjectType;
    private final int samplingFrequency;
    private final int outputFrequency;
    private final int channelConfiguration;
    private final int channels;

    private AudioSpecificConfig(byte[] bytes, int objectType, int coreObjectType, int samplingFrequency,
                                int outputFrequency, int channelConfiguration, int channels) {
        this.bytes = bytes;
        this.objectType = objectType;
        this.coreObjectType = coreObjectType;
        this.samplingFrequency = samplingFrequency;
        this.outputFrequency = outputFrequency;
        this.channelConfiguration = channelConfiguration;
        this.channels = channels;
    }

    /**
     * Parses the {@code length} bytes at absolute index {@code offset} of {@code buffer} (a copy
     * is kept for {@link #bytes()}).
     *
     * @throws MalformedFrameException naming the field and what was wrong with it
     */
    public static AudioSpecificConfig parse(ByteBuffer buffer, int offset, int length) {
        io.salvo.rtp.Bytes.checkRange("AudioSpecificConfig", offset, length, buffer.capacity());
        if (length < 2) {
            throw new MalformedFrameException(0, "AudioSpecificConfig of " + length
                    + " bytes is too short: object type, frequency and channels need at least 2");
        }
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = buffer.get(offset + i);
        }
        BitReader in = new BitReader().wrap(buffer, offset, length);
        int objectType = objectType(in);
        if (objectType == 0) {
            throw new MalformedFrameException(0, "AudioSpecificConfig audioObjectType is 0 (null object)");
        }
        int frequency = frequency(in, "samplingFrequencyIndex");
        int channelConfiguration = (int) in.bits(4);
        int outputFrequency = frequency;
        int core = objectType;
        if (objectType == SBR || objectType == PS) {
            outputFrequency = frequency(in, "extensionSamplingFrequencyIndex");
            core = objectType(in);
        }
        if (in.overrun()) {
            throw new MalformedFrameException(0, "AudioSpecificConfig of " + length + " bytes ends inside its "
                    + (objectType == SBR || objectType == PS ? "HE-AAC extension" : "first fields"));
        }
        int channels = CHANNELS[channelConfiguration];
        if (channels < 0) {
            throw new MalformedFrameException(0, "AudioSpecificConfig channelConfiguration " + channelConfiguration
                    + " is reserved");
        }
        if (objectType == PS && channels == 1) {
            channels = 2; // parametric stereo: a mono core decoded to two channels
        }
        return new AudioSpecificConfig(bytes, objectType, core, frequency, outputFrequency, channelConfiguration,
                channels);
    }

    /** Parses the bytes between {@code record}'s position and limit; the position is not moved. */
    public static AudioSpecificConfig parse(ByteBuffer record) {
        return parse(record, record.position(), record.remaining());
    }

    private static int objectType(BitReader in) {
        int type = (int) in.bits(5);
        return type == 31 ? 32 + (int) in.bits(6) : type;
    }

    private static int frequency(BitReader in, String field) {
        int index = (int) in.bits(4);
        if (index == EXPLICIT_FREQUENCY) {
            int explicit = (int) in.bits(24);
            if (explicit == 0 && !in.overrun()) {
                throw new MalformedFrameException(0, "AudioSpecificConfig explicit sampling frequency is 0 Hz");
            }
            return explicit;
        }
        if (index >= FREQUENCIES.length) {
            throw new MalformedFrameException(0, "AudioSpecificConfig " + field + " " + index + " is reserved");
        }
        return FREQUENCIES[index];
    }

    /** The audioObjectType: 2 for AAC LC, 5 or 29 for HE-AAC with explicit signalling. */
    public int objectType() {
        return objectType;
    }

    /** The core coder's object type: {@link #objectType()}, or the one after the HE-AAC extension. */
    public int coreObjectType() {
        return coreObjectType;
    }

    /** The core sampling frequency in Hz. */
    public int samplingFrequency() {
        return samplingFrequency;
    }

    /**
     * The frequency of the decoded audio in Hz, the RTP clock rate (RFC 3640 §4.1): the
     * sampling frequency, or the SBR extension's frequency for HE-AAC.
     */
    public int outputFrequency() {
        return outputFrequency;
    }

    /** The channelConfiguration field (0: given by a program config element). */
    public int channelConfiguration() {
        return channelConfiguration;
    }

    /** Decoded channels: from the channel configuration (2 for parametric stereo), 0 when unknown. */
    public int channels() {
        return channels;
    }

    /** The whole configuration, as a copy. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The whole configuration in lower-case hex, as the {@code config=} parameter of RFC 3640 SDP. */
    public String hex() {
        StringBuilder hex = new StringBuilder(2 * bytes.length);
        for (byte b : bytes) {
            hex.append(Character.forDigit((b >>> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return hex.toString();
    }

    @Override
    public String toString() {
        return "AudioSpecificConfig[objectType=" + objectType + ", frequency=" + outputFrequency + ", channels="
                + channels + ", config=" + hex() + "]";
    }
}
