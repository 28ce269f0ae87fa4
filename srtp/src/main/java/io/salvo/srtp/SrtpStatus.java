package io.salvo.srtp;

/**
 * Why a received packet was not accepted, or {@link #OK}. {@link SrtpReceiver}'s unprotect methods
 * return the plaintext length (&gt;= 0) or the negative {@link #code()} of one of these; a
 * rejection is an expected condition on the receive side (a forged, damaged, late or repeated
 * datagram), never an exception, and each is counted in {@link SrtpStats}.
 */
public enum SrtpStatus {
    /** Authentic and new: decrypted in place. */
    OK(0, "accepted"),
    /** Shorter than the fixed header plus the tag (and, for SRTCP, the index word). */
    TOO_SHORT(-1, "shorter than header and authentication tag"),
    /** Version field other than 2. */
    BAD_VERSION(-2, "version is not 2"),
    /** The CSRC list or header extension runs into the tag or past the end. */
    MALFORMED_HEADER(-3, "CSRC list or header extension runs past the payload"),
    /** The authentication tag does not match: damaged, forged, or under another key. */
    AUTH_FAILED(-4, "authentication tag does not match"),
    /** An index already accepted (a replay or a duplicate). */
    REPLAYED(-5, "index already received"),
    /** An index too far behind the newest to be checked for replay: it has left the window. */
    TOO_OLD(-6, "index has left the replay window");

    private static final SrtpStatus[] BY_CODE = {OK, TOO_SHORT, BAD_VERSION, MALFORMED_HEADER, AUTH_FAILED, REPLAYED, TOO_OLD};

    private final int code;
    private final String description;

    SrtpStatus(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /** 0 for {@link #OK}, else the negative value the unprotect methods return. */
    public int code() {
        return code;
    }

    /** A short text, e.g. "authentication tag does not match". */
    public String description() {
        return description;
    }

    /**
     * The status of an unprotect method's result: {@link #OK} for any length &gt;= 0, else the
     * rejection with that code.
     *
     * @throws IllegalArgumentException for a negative value that is no status code
     */
    public static SrtpStatus of(int result) {
        if (result >= 0) {
            return OK;
        }
        if (-result < BY_CODE.length) {
            return BY_CODE[-result];
        }
        throw new IllegalArgumentException("not an SRTP status code: " + result);
    }
}
