package io.salvo.sender;

import io.salvo.srtp.SrtpReceiver;
import io.salvo.srtp.SrtpSender;

/**
 * The SRTP contexts of one stream, one per destination (RFC 3711: a crypto context per SSRC and
 * destination; the stream's RTX SSRC gets its own index within each), made from its
 * {@link SrtpConfig} when the stream is added and freed when it ends; plus the contexts that
 * unprotect its receivers' SRTCP. Used by the transmitter thread only after registration.
 */
final class StreamSrtp implements AutoCloseable {
    private final SrtpSender[] senders;
    private final SrtpReceiver[] feedback;
    private final int tagBytes;

    StreamSrtp(SrtpConfig config, int destinations) {
        if (config.keyCount() != 1 && config.keyCount() != destinations) {
            throw new IllegalArgumentException("SRTP keys must be one, or one per destination (" + destinations
                    + "), were " + config.keyCount());
        }
        senders = new SrtpSender[destinations];
        feedback = new SrtpReceiver[config.keyCount()];
        try {
            for (int d = 0; d < destinations; d++) {
                senders[d] = new SrtpSender(config.keys(d));
            }
            for (int k = 0; k < feedback.length; k++) {
                feedback[k] = new SrtpReceiver(config.feedbackKeys(k));
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        tagBytes = Math.max(senders[0].profile().rtpTagLength(), senders[0].profile().rtcpTagLength());
    }

    /** The context protecting what goes to destination {@code index}. */
    SrtpSender sender(int index) {
        return senders[index];
    }

    /** Contexts that may unprotect this stream's receivers' SRTCP. */
    SrtpReceiver[] feedback() {
        return feedback;
    }

    /** Most bytes protection adds to an RTP packet or an RTCP compound (the tag, and SRTCP's index word). */
    int overhead() {
        return tagBytes + 4;
    }

    @Override
    public void close() {
        for (SrtpSender s : senders) {
            if (s != null) {
                s.close();
            }
        }
        for (SrtpReceiver r : feedback) {
            if (r != null) {
                r.close();
            }
        }
    }
}
