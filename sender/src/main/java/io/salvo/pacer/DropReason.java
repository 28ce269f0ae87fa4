package io.salvo.pacer;

/** Why a datagram was dropped instead of sent; every drop is counted under one of these. */
public enum DropReason {
    /** Its frame waited longer than the hard queue-time limit and none of its packets had left. */
    QUEUE_TIME_LIMIT,
    /** The kernel rejected the datagram as too long (EMSGSIZE). */
    MESSAGE_TOO_LONG,
    /** The destination cannot be reached (EHOSTUNREACH, ENETUNREACH, EACCES, EPERM, EADDRNOTAVAIL...). */
    DESTINATION_UNREACHABLE,
    /** Another error the kernel reported for this datagram. */
    SEND_ERROR,
    /** The socket was closed under the transmitter. */
    SENDER_CLOSED,
    /** The transmitter was closed while the datagram still waited. */
    TRANSMITTER_CLOSED,
    /** Its stream was removed while the datagram still waited. */
    STREAM_REMOVED
}
