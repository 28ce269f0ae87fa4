package io.salvo.pacer;

/** Priority classes of the pacer, highest first; streams of one class share it round-robin. */
public enum PriorityClass {
    /** Audio: smallest, most delay-sensitive; may bypass the budget. */
    AUDIO,
    /** Retransmissions (RTX, RFC 4588): repair before new video. */
    RETRANSMISSION,
    /** Video media. */
    VIDEO,
    /** Padding and probing: only when nothing else waits. */
    PADDING;

    static final PriorityClass[] VALUES = values();
}
