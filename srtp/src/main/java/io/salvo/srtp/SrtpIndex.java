package io.salvo.srtp;

/**
 * The 48-bit SRTP packet index, ROC * 2^16 + SEQ (RFC 3711 §3.3.1), and its estimation from a
 * 16-bit sequence number and the highest index seen so far (RFC 3711 Appendix A):
 *
 * <pre>
 * if s_l &lt; 32768:   v = ROC - 1  if SEQ - s_l &gt; 32768,  else ROC
 * else:             v = ROC + 1  if s_l - 32768 &gt; SEQ,  else ROC
 * index = v * 2^16 + SEQ
 * </pre>
 *
 * where s_l and ROC are the sequence number and rollover counter of the highest index. Both
 * sides use it: the sender to give a resent (older) sequence number the index it had, the
 * receiver to guess the sender's ROC.
 */
final class SrtpIndex {
    /** Indexes are 48 bits. */
    static final long MAX = (1L << 48) - 1;

    private SrtpIndex() {
    }

    /**
     * The index of {@code sequenceNumber} given the highest index so far; -1 when it would need a
     * ROC below 0 (a packet from before the first one), or above 2^32-1.
     */
    static long estimate(long highest, int sequenceNumber) {
        long roc = highest >>> 16;
        int highestSeq = (int) (highest & 0xFFFF);
        long v;
        if (highestSeq < 32768) {
            v = sequenceNumber - highestSeq > 32768 ? roc - 1 : roc;
        } else {
            v = highestSeq - 32768 > sequenceNumber ? roc + 1 : roc;
        }
        if (v < 0 || v > 0xFFFF_FFFFL) {
            return -1;
        }
        return (v << 16) | sequenceNumber;
    }

    /** The rollover counter of {@code index}. */
    static long roc(long index) {
        return index >>> 16;
    }
}
