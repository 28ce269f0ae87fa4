package io.salvo.packetizer;

/**
 * Splits {@code payload} bytes into the fewest datagrams of at most {@code maxDatagram} bytes
 * when the first datagram carries {@code firstOverhead} bytes of headers and every other one
 * {@code otherOverhead}, so that all datagrams but the last have exactly the same total length
 * and the last is never longer. The first datagram then carries {@code firstOverhead -
 * otherOverhead} bytes less payload than the middle ones (e.g. a VP9 first packet with a
 * scalability structure). With equal overheads this is {@link EqualSplit} over datagrams.
 *
 * <p>Every datagram carries at least one payload byte (unless the payload is empty). Pure
 * arithmetic, no allocation.
 */
public final class EqualDatagrams {
    private EqualDatagrams() {
    }

    /** Number of datagrams: the fewest whose capacities add up to {@code payload}, at least 1. */
    public static int count(int payload, int firstOverhead, int otherOverhead, int maxDatagram) {
        check(payload, firstOverhead, otherOverhead, maxDatagram);
        int first = maxDatagram - firstOverhead;
        if (payload <= first) {
            return 1;
        }
        int other = maxDatagram - otherOverhead;
        return 1 + (int) (((long) payload - first + other - 1) / other);
    }

    /**
     * Total length of every datagram but the last (the only datagram's length when there is one):
     * the smallest size {@code s <= maxDatagram} with {@code (s - firstOverhead) + (count - 1) ×
     * (s - otherOverhead) >= payload} that leaves every datagram at least one payload byte.
     */
    public static int datagramSize(int payload, int firstOverhead, int otherOverhead, int maxDatagram) {
        int count = count(payload, firstOverhead, otherOverhead, maxDatagram);
        if (count == 1) {
            return firstOverhead + payload;
        }
        long needed = (long) payload + firstOverhead + (long) (count - 1) * otherOverhead;
        int size = (int) ((needed + count - 1) / count);
        return Math.max(size, Math.max(firstOverhead, otherOverhead) + 1);
    }

    /** Payload bytes of the first datagram. */
    public static int firstPayload(int payload, int firstOverhead, int otherOverhead, int maxDatagram) {
        if (count(payload, firstOverhead, otherOverhead, maxDatagram) == 1) {
            return payload;
        }
        return datagramSize(payload, firstOverhead, otherOverhead, maxDatagram) - firstOverhead;
    }

    private static void check(int payload, int firstOverhead, int otherOverhead, int maxDatagram) {
        if (payload < 0) {
            throw new IllegalArgumentException("payload must be >= 0 bytes, was " + payload);
        }
        if (firstOverhead < 0 || otherOverhead < 0) {
            throw new IllegalArgumentException("overheads must be >= 0 bytes, were " + firstOverhead + " and "
                    + otherOverhead);
        }
        int largest = Math.max(firstOverhead, otherOverhead);
        if (maxDatagram <= largest) {
            throw new IllegalArgumentException("datagram size " + maxDatagram + " leaves no payload byte after "
                    + largest + " bytes of headers; it must be >= " + (largest + 1));
        }
    }
}
