package io.salvo.srtp;

import io.salvo.rtp.Bytes;
import java.nio.ByteBuffer;

/**
 * Where the parts of an SRTCP packet are (RFC 3711 §3.4, RFC 7714 §9):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|    RC   |   PT          |             length            |  clear
 * |                         SSRC of sender                        |  clear
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~               rest of the compound packet ...                 ~  encrypted when E = 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |E|                         SRTCP index                         |  AES-CM: here, then the tag
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * ~                     authentication tag                        ~  AES-GCM: the tag, then E+index
 * </pre>
 */
final class SrtcpLayout {
    /** Bytes left in clear at the start: the first header and the sender's SSRC. */
    static final int CLEAR_LENGTH = 8;
    /** The E flag in the index word. */
    static final int E_FLAG = 0x8000_0000;
    /** Largest SRTCP index (31 bits). */
    static final int MAX_INDEX = 0x7FFF_FFFF;

    private SrtcpLayout() {
    }

    /** Offset of the E+index word from the start of a protected packet of {@code length} bytes. */
    static int indexOffset(SrtpProfile profile, int length) {
        return profile.aead() ? length - SrtpProfile.SRTCP_INDEX_LENGTH
                : length - profile.rtcpTagLength() - SrtpProfile.SRTCP_INDEX_LENGTH;
    }

    /** Writes the E+index word at {@code at} of {@code array}. */
    static void writeIndex(byte[] array, int at, int index, boolean encrypted) {
        int word = encrypted ? index | E_FLAG : index;
        array[at] = (byte) (word >>> 24);
        array[at + 1] = (byte) (word >>> 16);
        array[at + 2] = (byte) (word >>> 8);
        array[at + 3] = (byte) word;
    }

    /** Writes the E+index word at {@code at} of {@code buffer}. */
    static void writeIndex(ByteBuffer buffer, int at, int index, boolean encrypted) {
        Bytes.put32(buffer, at, encrypted ? index | E_FLAG : index);
    }
}
