package io.salvo.srtp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A context's counters: written by the context's thread only, each with an opaque store (a
 * plain store on x86 and ARM, no fence), read one by one from any thread; a reader sees every
 * counter whole and never going backwards, though not all at the same instant.
 */
final class SrtpCounters {
    private static final VarHandle VALUES = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int STATUSES = SrtpStatus.values().length;

    /** RTP packets protected (sender) or accepted (receiver). */
    static final int RTP_PACKETS = 0;
    /** RTCP packets protected or accepted. */
    static final int RTCP_PACKETS = 1;
    /** Bytes copied between heap buffers and native memory (OpenSSL backend). */
    static final int HEAP_COPY_BYTES = 2;
    /** SSRCs with state in the context. */
    static final int STREAMS = 3;
    /** First of the RTP rejection counters, one per {@link SrtpStatus} ordinal. */
    static final int RTP_REJECTED = 4;
    /** First of the RTCP rejection counters. */
    static final int RTCP_REJECTED = RTP_REJECTED + STATUSES;
    private static final int COUNT = RTCP_REJECTED + STATUSES;

    private final long[] values = new long[COUNT];

    /** Adds one to {@code counter}. */
    void increment(int counter) {
        VALUES.setOpaque(values, counter, values[counter] + 1);
    }

    /** Adds {@code amount} to {@code counter}. */
    void add(int counter, long amount) {
        VALUES.setOpaque(values, counter, values[counter] + amount);
    }

    /** Counts an RTP packet rejected with {@code status}. */
    void rejectedRtp(SrtpStatus status) {
        increment(RTP_REJECTED + status.ordinal());
    }

    /** Counts an RTCP packet rejected with {@code status}. */
    void rejectedRtcp(SrtpStatus status) {
        increment(RTCP_REJECTED + status.ordinal());
    }

    /** The current value of {@code counter}, from any thread. */
    long get(int counter) {
        return (long) VALUES.getOpaque(values, counter);
    }

    /** A snapshot of every counter. */
    SrtpStats snapshot() {
        long[] rtpRejected = new long[STATUSES];
        long[] rtcpRejected = new long[STATUSES];
        for (int i = 0; i < STATUSES; i++) {
            rtpRejected[i] = get(RTP_REJECTED + i);
            rtcpRejected[i] = get(RTCP_REJECTED + i);
        }
        return new SrtpStats(get(RTP_PACKETS), get(RTCP_PACKETS), rtpRejected, rtcpRejected, get(HEAP_COPY_BYTES),
                get(STREAMS));
    }
}
