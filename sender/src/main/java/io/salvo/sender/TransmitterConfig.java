package io.salvo.sender;

import io.salvo.pacer.NanoClock;
import io.salvo.pacer.PacerConfig;
import io.salvo.rtp.RtpPacket;

/** Settings of a {@link Transmitter}; immutable, built with {@link #builder()}. */
public final class TransmitterConfig {
    /** Most messages handed to one {@code send} call (UIO_MAXIOV). */
    public static final int MAX_BATCH = 1024;
    /** Default {@link #txTimeHorizonNanos()}: 4 ms. */
    public static final long DEFAULT_TX_TIME_HORIZON_NANOS = 4_000_000L;
    /** Largest {@link #txTimeHorizonNanos()}: 1 s (fq drops datagrams beyond its own horizon, 10 s by default). */
    public static final long MAX_TX_TIME_HORIZON_NANOS = 1_000_000_000L;

    private final PacerConfig pacer;
    private final IdleStrategy idleStrategy;
    private final int submissionCapacity;
    private final int maxBatch;
    private final int slotCapacity;
    private final int maxQueuedPackets;
    private final NanoClock clock;
    private final TransmitterListener listener;
    private final String threadName;
    private final RtcpConfig rtcp;
    private final long txTimeHorizonNanos;

    private TransmitterConfig(Builder b) {
        this.pacer = b.pacer;
        this.idleStrategy = b.idleStrategy;
        this.submissionCapacity = b.submissionCapacity;
        this.maxBatch = b.maxBatch;
        this.slotCapacity = b.slotCapacity;
        this.maxQueuedPackets = b.maxQueuedPackets;
        this.clock = b.clock;
        this.listener = b.listener;
        this.threadName = b.threadName;
        this.rtcp = b.rtcp;
        this.txTimeHorizonNanos = b.txTimeHorizonNanos;
    }

    /** Defaults: default pacer, hybrid idle, 4096 submissions, 1024-message batches. */
    public static Builder builder() {
        return new Builder();
    }

    /** The pacer's settings. */
    public PacerConfig pacer() {
        return pacer;
    }

    /** How the thread waits for ticks. */
    public IdleStrategy idleStrategy() {
        return idleStrategy;
    }

    /** Capacity of the producer handoff (frames waiting to be packetized). */
    public int submissionCapacity() {
        return submissionCapacity;
    }

    /** Most messages per send call. */
    public int maxBatch() {
        return maxBatch;
    }

    /** Header slot size of the transmitter's packets. */
    public int slotCapacity() {
        return slotCapacity;
    }

    /**
     * High-water mark of packets waiting in the pacer: above it the transmitter stops taking
     * submissions, so a producer faster than the wire sees {@code submit} return false instead
     * of growing the queue without bound.
     */
    public int maxQueuedPackets() {
        return maxQueuedPackets;
    }

    /** The clock ticks are scheduled on. */
    public NanoClock clock() {
        return clock;
    }

    /** Where rejected frames and a stop are reported. */
    public TransmitterListener listener() {
        return listener;
    }

    /** Name of the transmitter thread. */
    public String threadName() {
        return threadName;
    }

    /** The RTCP settings. */
    public RtcpConfig rtcp() {
        return rtcp;
    }

    /**
     * How far ahead of a tick's time the transmitter hands the tick's datagrams to the kernel when
     * its sender has kernel pacing ({@link DatagramSender#txTimeEnabled()}, see
     * {@link SenderOptions#txTime}), each stamped with the tick's time for the {@code fq} qdisc to
     * hold it until then. The thread then wakes when half of it is left and sends the ticks that
     * fall within it, so wake-ups need no precision. It adds up to about a horizon plus a tick of
     * latency to a frame, and keeps up to a horizon's worth of datagrams in the qdisc (mind fq's
     * {@code flow_limit}, 100 packets by default, where a GSO run counts as one). 0 keeps pacing in
     * user space even with such a sender; ignored for any other sender, for an unpaced pacer and
     * for a clock other than {@link NanoClock#SYSTEM}.
     */
    public long txTimeHorizonNanos() {
        return txTimeHorizonNanos;
    }

    /** Builds a {@link TransmitterConfig}. */
    public static final class Builder {
        private PacerConfig pacer = PacerConfig.defaults();
        private IdleStrategy idleStrategy = IdleStrategy.hybrid(IdleStrategy.DEFAULT_SPIN_NANOS);
        private int submissionCapacity = 4096;
        private int maxBatch = MAX_BATCH;
        private int slotCapacity = RtpPacket.DEFAULT_SLOT_CAPACITY;
        private int maxQueuedPackets = 16_384;
        private NanoClock clock = NanoClock.SYSTEM;
        private TransmitterListener listener = TransmitterListener.NONE;
        private String threadName = "salvo-transmitter";
        private RtcpConfig rtcp = RtcpConfig.builder().build();
        private long txTimeHorizonNanos = DEFAULT_TX_TIME_HORIZON_NANOS;

        private Builder() {
        }

        /** The pacer's settings. */
        public Builder pacer(PacerConfig pacer) {
            this.pacer = pacer;
            return this;
        }

        /** How the thread waits for ticks. */
        public Builder idleStrategy(IdleStrategy idleStrategy) {
            this.idleStrategy = idleStrategy;
            return this;
        }

        /** Capacity of the producer handoff, a power of two. */
        public Builder submissionCapacity(int capacity) {
            this.submissionCapacity = capacity;
            return this;
        }

        /** Most messages per send call, 1..1024. */
        public Builder maxBatch(int maxBatch) {
            if (maxBatch < 1 || maxBatch > MAX_BATCH) {
                throw new IllegalArgumentException("batch size must be 1..1024, was " + maxBatch);
            }
            this.maxBatch = maxBatch;
            return this;
        }

        /** Header slot size of the packets, at least 64 bytes. */
        public Builder slotCapacity(int slotCapacity) {
            if (slotCapacity < 64) {
                throw new IllegalArgumentException("slot capacity must be >= 64 bytes, was " + slotCapacity);
            }
            this.slotCapacity = slotCapacity;
            return this;
        }

        /** High-water mark of queued packets (>= 1) above which submissions wait in the handoff. */
        public Builder maxQueuedPackets(int packets) {
            if (packets < 1) {
                throw new IllegalArgumentException("queue high-water mark must be >= 1 packet, was " + packets);
            }
            this.maxQueuedPackets = packets;
            return this;
        }

        /** The clock (a virtual one in tests that call {@link Transmitter#doWork()} themselves). */
        public Builder clock(NanoClock clock) {
            this.clock = clock;
            return this;
        }

        /** Where rejected frames and a stop are reported. */
        public Builder listener(TransmitterListener listener) {
            this.listener = listener;
            return this;
        }

        /** Name of the transmitter thread. */
        public Builder threadName(String threadName) {
            this.threadName = threadName;
            return this;
        }

        /** The RTCP settings (default: on, to each destination's port + 1; {@link RtcpConfig#disabled()} for none). */
        public Builder rtcp(RtcpConfig rtcp) {
            this.rtcp = java.util.Objects.requireNonNull(rtcp, "rtcp");
            return this;
        }

        /** How far ahead ticks go to a kernel-pacing sender, 0..1 s (0: not ahead, paced in user space). */
        public Builder txTimeHorizonNanos(long nanos) {
            if (nanos < 0 || nanos > MAX_TX_TIME_HORIZON_NANOS) {
                throw new IllegalArgumentException("txTime horizon must be 0..1 s, was " + nanos + " ns");
            }
            this.txTimeHorizonNanos = nanos;
            return this;
        }

        /** The configuration. */
        public TransmitterConfig build() {
            return new TransmitterConfig(this);
        }
    }
}
