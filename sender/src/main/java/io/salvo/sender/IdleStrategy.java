package io.salvo.sender;

import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * How the transmitter thread waits for its next tick: park (least CPU), yield, spin (most
 * accurate, one core busy), or hybrid — park until shortly before the tick, then spin the rest
 * (accurate at a fraction of the CPU; the default).
 */
@FunctionalInterface
public interface IdleStrategy {
    /** Default spin window of the hybrid strategy: a park with the transmitter's 1 us timer slack wakes within ~50 us at p99. */
    long DEFAULT_SPIN_NANOS = 100_000L;

    /** Waits until {@link System#nanoTime()} reaches {@code deadlineNanos} (or returns earlier on unpark). */
    void idleUntil(long deadlineNanos);

    /** Parks the thread until the deadline. */
    static IdleStrategy park() {
        return deadline -> {
            long wait = deadline - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        };
    }

    /** Yields the core until the deadline. */
    static IdleStrategy yielding() {
        return deadline -> {
            while (System.nanoTime() < deadline) {
                Thread.yield();
            }
        };
    }

    /** Busy-spins until the deadline. */
    static IdleStrategy spin() {
        return deadline -> {
            while (System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        };
    }

    /** Parks until {@code spinNanos} before the deadline, then spins. */
    static IdleStrategy hybrid(long spinNanos) {
        return deadline -> {
            long wait = deadline - spinNanos - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            while (System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        };
    }

    /** The strategy named {@code park}, {@code yield}, {@code spin} or {@code hybrid}. */
    static IdleStrategy named(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "park":
                return park();
            case "yield":
                return yielding();
            case "spin":
                return spin();
            case "hybrid":
                return hybrid(DEFAULT_SPIN_NANOS);
            default:
                throw new IllegalArgumentException("unknown idle strategy '" + name + "': use park, yield, spin or hybrid");
        }
    }
}
