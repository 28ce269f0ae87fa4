package io.salvo.sender;

/**
 * Cancels sends from another thread, as GIO's {@code GCancellable}: once {@link #cancel()} is
 * called, a send using this object that is blocked waiting for room wakes up at once (the sender
 * registers a wake-up while it waits), and any later send using it fails with {@link
 * SendCancelledException} unless it had already sent messages, in which case it returns their
 * count. Cancellation is permanent; thread-safe.
 */
public final class Cancellable {
    private volatile boolean cancelled;
    private Runnable[] wakers = new Runnable[2];

    /** A cancellable that is not cancelled. */
    public Cancellable() {
    }

    /** Cancels: wakes every send waiting on this object. Later calls do nothing. */
    public synchronized void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        for (Runnable waker : wakers) {
            if (waker != null) {
                waker.run();
            }
        }
    }

    /** True once {@link #cancel()} was called. */
    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Adds {@code waker}, run once on cancel; does not add it if already cancelled.
     *
     * @return false if already cancelled
     */
    synchronized boolean register(Runnable waker) {
        if (cancelled) {
            return false;
        }
        for (int i = 0; i < wakers.length; i++) {
            if (wakers[i] == null) {
                wakers[i] = waker;
                return true;
            }
        }
        Runnable[] grown = new Runnable[wakers.length * 2];
        System.arraycopy(wakers, 0, grown, 0, wakers.length);
        grown[wakers.length] = waker;
        wakers = grown;
        return true;
    }

    /** Removes {@code waker}: after this returns it is not run. */
    synchronized void unregister(Runnable waker) {
        for (int i = 0; i < wakers.length; i++) {
            if (wakers[i] == waker) {
                wakers[i] = null;
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "Cancellable[cancelled=" + cancelled + "]";
    }
}
