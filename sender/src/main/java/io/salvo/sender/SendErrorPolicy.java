package io.salvo.sender;

import io.salvo.pacer.DropReason;

/**
 * What the transmitter does when the kernel refuses the first message of a send: drop that one
 * datagram (its own fault: too long, unreachable), count a refused peer and go on (ECONNREFUSED
 * on a connected socket, reported for an earlier datagram), or keep the batch for the next tick
 * (transient shortage: ENOBUFS, ENOMEM).
 */
final class SendErrorPolicy {
    private SendErrorPolicy() {
    }

    /** True for errors that say nothing about the datagram: retry it next tick. */
    static boolean isTransient(String errnoName) {
        return "ENOBUFS".equals(errnoName) || "ENOMEM".equals(errnoName) || "EAGAIN".equals(errnoName)
                || "EINTR".equals(errnoName);
    }

    /** True for ECONNREFUSED: an ICMP port-unreachable came back for an earlier datagram. */
    static boolean isRefused(String errnoName) {
        return "ECONNREFUSED".equals(errnoName);
    }

    /** Why the refused datagram is dropped. */
    static DropReason dropReason(String errnoName) {
        switch (errnoName) {
            case "EMSGSIZE":
                return DropReason.MESSAGE_TOO_LONG;
            case "EHOSTUNREACH":
            case "ENETUNREACH":
            case "EHOSTDOWN":
            case "ENETDOWN":
            case "EACCES":
            case "EPERM":
            case "EADDRNOTAVAIL":
            case "EAFNOSUPPORT":
            case "EDESTADDRREQ":
                return DropReason.DESTINATION_UNREACHABLE;
            default:
                return DropReason.SEND_ERROR;
        }
    }
}
