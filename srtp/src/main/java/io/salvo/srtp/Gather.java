package io.salvo.srtp;

import io.salvo.rtp.OutputMessage;
import io.salvo.rtp.OutputVector;

/** Copies the bytes of a message's vectors, in order, into one array. */
final class Gather {
    private Gather() {
    }

    /** Copies every vector of {@code source} into {@code target} from index 0; returns the bytes copied. */
    static int copy(OutputMessage source, byte[] target) {
        int at = 0;
        for (int i = 0, n = source.vectorCount(); i < n; i++) {
            OutputVector vector = source.vector(i);
            vector.buffer().get(vector.offset(), target, at, vector.length());
            at += vector.length();
        }
        return at;
    }
}
