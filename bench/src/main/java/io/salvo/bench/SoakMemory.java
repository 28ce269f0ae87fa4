package io.salvo.bench;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The soak's memory gauges: heap in use right after a full collection ({@link System#gc()}), the
 * process's resident set ({@code VmRSS} of {@code /proc/self/status}: heap, native allocations,
 * code cache, thread stacks, JNA memory), and the JDK's direct-buffer pool. Samples are kept by
 * second of the run so the two halves can be compared.
 */
final class SoakMemory {
    private static final long MIB = 1 << 20;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final BufferPoolMXBean direct;
    private final Series heapAfterGc;
    private final Series rss;
    private final Series directBytes;

    SoakMemory(int seconds) {
        BufferPoolMXBean pool = null;
        List<BufferPoolMXBean> pools = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
        for (BufferPoolMXBean p : pools) {
            if ("direct".equals(p.getName())) {
                pool = p;
            }
        }
        this.direct = pool;
        this.heapAfterGc = new Series("heap after GC", seconds);
        this.rss = new Series("RSS", seconds);
        this.directBytes = new Series("direct buffers", seconds);
    }

    /** Samples RSS and the direct pool for second {@code second}. */
    void sample(int second) {
        rss.put(second, rssBytes());
        directBytes.put(second, direct == null ? 0 : direct.getMemoryUsed());
    }

    /** Runs a full collection and samples the heap left in use, for second {@code second}. */
    long collect(int second) {
        System.gc();
        long used = memory.getHeapMemoryUsage().getUsed();
        heapAfterGc.put(second, used);
        return used;
    }

    Series heapAfterGc() {
        return heapAfterGc;
    }

    Series rss() {
        return rss;
    }

    Series directBytes() {
        return directBytes;
    }

    /** Resident set size of this process in bytes, from {@code /proc/self/status}; -1 if unknown. */
    static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    static String mib(long bytes) {
        return bytes < 0 ? "?" : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) MIB);
    }

    /** Samples of one gauge by second (-1: none that second). */
    static final class Series {
        private final String name;
        private final long[] values;

        Series(String name, int seconds) {
            this.name = name;
            this.values = new long[seconds + 2];
            java.util.Arrays.fill(values, -1);
        }

        String name() {
            return name;
        }

        void put(int second, long value) {
            if (second >= 0 && second < values.length) {
                values[second] = value;
            }
        }

        /** The sample of {@code second}, or -1. */
        long get(int second) {
            return second >= 0 && second < values.length ? values[second] : -1;
        }

        /** The largest sample in seconds [from, to), or -1 if none. */
        long max(int from, int to) {
            long max = -1;
            for (int s = Math.max(0, from); s < Math.min(to, values.length); s++) {
                max = Math.max(max, values[s]);
            }
            return max;
        }

        /** The last sample at or before {@code second}, or -1. */
        long at(int second) {
            for (int s = Math.min(second, values.length - 1); s >= 0; s--) {
                if (values[s] >= 0) {
                    return values[s];
                }
            }
            return -1;
        }

        /** The first sample at or after {@code second}, or -1. */
        long from(int second) {
            for (int s = Math.max(0, second); s < values.length; s++) {
                if (values[s] >= 0) {
                    return values[s];
                }
            }
            return -1;
        }
    }
}
