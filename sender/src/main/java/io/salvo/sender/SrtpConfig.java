package io.salvo.sender;

import io.salvo.srtp.SrtpKeys;

import java.util.Arrays;
import java.util.Objects;

/**
 * How a stream is encrypted (SRTP, RFC 3711 / RFC 7714): the master keys its packets and RTCP
 * reports are protected with, one for every destination or one per destination (DTLS-SRTP gives
 * each peer its own), and the keys that unprotect the feedback its receivers send (by default the
 * same: an SDES-keyed receiver such as ffmpeg protects its RTCP with the key in the SDP).
 * Immutable. The transmitter makes one SRTP context per destination from these keys, owns it and
 * frees it when the stream ends; within a context the stream's SSRC and its RTX SSRC each keep
 * their own index and rollover counter.
 */
public final class SrtpConfig {
    private final SrtpKeys[] keys;
    private final SrtpKeys[] feedbackKeys;

    private SrtpConfig(SrtpKeys[] keys, SrtpKeys[] feedbackKeys) {
        this.keys = keys;
        this.feedbackKeys = feedbackKeys;
    }

    /** Every destination protected with {@code keys}; feedback unprotected with the same. */
    public static SrtpConfig of(SrtpKeys keys) {
        Objects.requireNonNull(keys, "keys");
        return new SrtpConfig(new SrtpKeys[] {keys}, new SrtpKeys[] {keys});
    }

    /**
     * Destination {@code i} protected with {@code keys[i]} (as many as the stream has
     * destinations); feedback from it unprotected with the same.
     */
    public static SrtpConfig perDestination(SrtpKeys... keys) {
        if (keys.length == 0) {
            throw new IllegalArgumentException("SRTP needs at least one key");
        }
        for (int i = 0; i < keys.length; i++) {
            Objects.requireNonNull(keys[i], "keys[" + i + "]");
        }
        return new SrtpConfig(keys.clone(), keys.clone());
    }

    /**
     * The same protection, with receivers' feedback (their SRTCP) unprotected with
     * {@code remoteKeys} instead: the remote side's keys of a DTLS-SRTP handshake.
     */
    public SrtpConfig feedbackKeys(SrtpKeys... remoteKeys) {
        if (remoteKeys.length != 1 && remoteKeys.length != keys.length) {
            throw new IllegalArgumentException("feedback keys must be one, or one per destination (" + keys.length
                    + "), were " + remoteKeys.length);
        }
        return new SrtpConfig(keys, remoteKeys.clone());
    }

    /** The keys of destination {@code index}. */
    SrtpKeys keys(int index) {
        return keys.length == 1 ? keys[0] : keys[index];
    }

    /** The feedback keys of destination {@code index}. */
    SrtpKeys feedbackKeys(int index) {
        return feedbackKeys.length == 1 ? feedbackKeys[0] : feedbackKeys[index];
    }

    /** Keys given: 1 (shared) or one per destination. */
    int keyCount() {
        return keys.length;
    }

    @Override
    public String toString() {
        return "SrtpConfig[" + keys[0].profile() + ", " + keys.length + " key" + (keys.length == 1 ? "" : "s")
                + (Arrays.equals(keys, feedbackKeys) ? "" : ", own feedback keys") + "]";
    }
}
