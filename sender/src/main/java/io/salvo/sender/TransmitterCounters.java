package io.salvo.sender;

import io.salvo.pacer.DropReason;

import java.lang.invoke.VarHandle;

/**
 * The transmitter's counters: written by its thread only, in short blocks between
 * {@link #beginWrite()} and {@link #endWrite()}, and read as a consistent snapshot from any thread
 * (a sequence lock: the reader retries while a block is being written).
 */
final class TransmitterCounters {
    private volatile long version;

    long framesAccepted;
    long framesRejected;
    long framesReleased;
    long submitted;
    long sent;
    long queued;
    final long[] dropped = new long[DropReason.values().length];
    long bytesSent;
    long ticks;
    long sendCalls;
    long wouldBlocks;
    long refused;
    long transientErrors;
    long batchMessages;
    long maxBatch;
    long maxTickOvershootBytes;
    long nackedPackets;
    long resendNotInHistory;
    long resendTooSoon;
    long resendRateLimited;
    long resendTooLarge;
    long resendsQueued;
    long resendsSent;
    long historyPackets;
    long historyBytes;

    void beginWrite() {
        version = version + 1;
        VarHandle.storeStoreFence();
    }

    void endWrite() {
        version = version + 1;
    }

    /** A consistent copy, or the latest one after a few retries under contention. */
    TransmitterCounters snapshot() {
        TransmitterCounters copy = new TransmitterCounters();
        for (int attempt = 0; ; attempt++) {
            long before = version;
            if ((before & 1) == 0) {
                copyInto(copy);
                VarHandle.loadLoadFence();
                if (version == before) {
                    return copy;
                }
            }
            if (attempt > 1000) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private void copyInto(TransmitterCounters c) {
        c.framesAccepted = framesAccepted;
        c.framesRejected = framesRejected;
        c.framesReleased = framesReleased;
        c.submitted = submitted;
        c.sent = sent;
        c.queued = queued;
        System.arraycopy(dropped, 0, c.dropped, 0, dropped.length);
        c.bytesSent = bytesSent;
        c.ticks = ticks;
        c.sendCalls = sendCalls;
        c.wouldBlocks = wouldBlocks;
        c.refused = refused;
        c.transientErrors = transientErrors;
        c.batchMessages = batchMessages;
        c.maxBatch = maxBatch;
        c.maxTickOvershootBytes = maxTickOvershootBytes;
        c.nackedPackets = nackedPackets;
        c.resendNotInHistory = resendNotInHistory;
        c.resendTooSoon = resendTooSoon;
        c.resendRateLimited = resendRateLimited;
        c.resendTooLarge = resendTooLarge;
        c.resendsQueued = resendsQueued;
        c.resendsSent = resendsSent;
        c.historyPackets = historyPackets;
        c.historyBytes = historyBytes;
    }
}
