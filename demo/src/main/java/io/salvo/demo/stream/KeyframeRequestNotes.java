package io.salvo.demo.stream;

import io.salvo.sender.RtcpListener;
import io.salvo.sender.TransmitterStream;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * What {@code salvo stream} does with a receiver's keyframe request: a file cannot make a
 * keyframe, so it notes the request on stderr (the receiver recovers at the file's next one);
 * the transmitter counts them, and the summary shows the count.
 */
final class KeyframeRequestNotes implements RtcpListener {
    private final PrintWriter err;

    KeyframeRequestNotes(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void keyframeRequested(TransmitterStream stream, long requesterSsrc, boolean fullIntraRequest) {
        err.printf(Locale.ROOT, "receiver 0x%08X asked for a keyframe (%s) on %s: a file cannot make one, "
                + "the next keyframe in it will do%n", requesterSsrc, fullIntraRequest ? "FIR" : "PLI", stream.name());
        err.flush();
    }
}
