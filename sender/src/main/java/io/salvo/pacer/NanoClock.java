package io.salvo.pacer;

/** A monotonic clock in nanoseconds; {@link #SYSTEM} in production, a manual clock in tests. */
@FunctionalInterface
public interface NanoClock {
    /** {@link System#nanoTime()}. */
    NanoClock SYSTEM = System::nanoTime;

    /** The current time in nanoseconds (arbitrary origin, monotonic). */
    long nanoTime();
}
