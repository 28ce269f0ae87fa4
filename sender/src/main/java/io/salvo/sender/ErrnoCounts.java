package io.salvo.sender;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts by errno, for the stats classes: written by one thread ({@link #add}), read by any.
 * Numbers outside {@link Errno}'s table share one "unknown" count.
 */
final class ErrnoCounts {
    private static final int UNKNOWN = Errno.MAX + 1;

    private final AtomicLongArray counts = new AtomicLongArray(UNKNOWN + 1);

    /** Counts one more {@code errno}; only the owning thread calls this. */
    void add(int errno) {
        int slot = slot(errno);
        counts.lazySet(slot, counts.get(slot) + 1);
    }

    /** How many times {@code errno} was counted. */
    long get(int errno) {
        return counts.get(slot(errno));
    }

    /** Counts by errno name ({@code "EMSGSIZE" -> 3}), only those seen; a new map each call. */
    Map<String, Long> byName() {
        Map<String, Long> byName = new TreeMap<>();
        for (int errno = 0; errno <= UNKNOWN; errno++) {
            long count = counts.get(errno);
            if (count > 0) {
                byName.put(errno == UNKNOWN ? "unknown" : Errno.name(errno), count);
            }
        }
        return byName;
    }

    private static int slot(int errno) {
        return errno > 0 && errno <= Errno.MAX ? errno : UNKNOWN;
    }
}
