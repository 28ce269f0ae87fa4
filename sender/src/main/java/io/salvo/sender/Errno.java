package io.salvo.sender;

import java.io.IOException;
import java.net.PortUnreachableException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/**
 * Linux errno numbers (x86-64 and aarch64 values) with their names and C library texts: the one
 * place where a number becomes {@code "EMSGSIZE"} and {@code "Message too long"}.
 */
public final class Errno {
    /** Interrupted system call. */
    public static final int EINTR = 4;
    /** Input/output error. */
    public static final int EIO = 5;
    /** Bad file descriptor. */
    public static final int EBADF = 9;
    /** Resource temporarily unavailable (would block). */
    public static final int EAGAIN = 11;
    /** Permission denied (also: ICMPv6 administratively prohibited). */
    public static final int EACCES = 13;
    /** Invalid argument. */
    public static final int EINVAL = 22;
    /** Machine is not on the network (ICMP host isolated). */
    public static final int ENONET = 64;
    /** Protocol error (ICMP parameter problem). */
    public static final int EPROTO = 71;
    /** Destination address required. */
    public static final int EDESTADDRREQ = 89;
    /** Message too long. */
    public static final int EMSGSIZE = 90;
    /** Protocol not available (ICMP protocol unreachable). */
    public static final int ENOPROTOOPT = 92;
    /** Operation not supported (ICMP source route failed). */
    public static final int EOPNOTSUPP = 95;
    /** Address family not supported by protocol. */
    public static final int EAFNOSUPPORT = 97;
    /** Network is unreachable. */
    public static final int ENETUNREACH = 101;
    /** No buffer space available. */
    public static final int ENOBUFS = 105;
    /** Transport endpoint is already connected. */
    public static final int EISCONN = 106;
    /** Connection refused. */
    public static final int ECONNREFUSED = 111;
    /** Host is down (ICMP host unknown). */
    public static final int EHOSTDOWN = 112;
    /** No route to host. */
    public static final int EHOSTUNREACH = 113;
    /** Largest errno number in the table. */
    public static final int MAX = 133;

    // "NAME|text" by number; null where Linux defines none.
    private static final String[] TABLE = {
            null, // 0
            "EPERM|Operation not permitted", // 1
            "ENOENT|No such file or directory", // 2
            "ESRCH|No such process", // 3
            "EINTR|Interrupted system call", // 4
            "EIO|Input/output error", // 5
            "ENXIO|No such device or address", // 6
            "E2BIG|Argument list too long", // 7
            "ENOEXEC|Exec format error", // 8
            "EBADF|Bad file descriptor", // 9
            "ECHILD|No child processes", // 10
            "EAGAIN|Resource temporarily unavailable", // 11
            "ENOMEM|Cannot allocate memory", // 12
            "EACCES|Permission denied", // 13
            "EFAULT|Bad address", // 14
            "ENOTBLK|Block device required", // 15
            "EBUSY|Device or resource busy", // 16
            "EEXIST|File exists", // 17
            "EXDEV|Invalid cross-device link", // 18
            "ENODEV|No such device", // 19
            "ENOTDIR|Not a directory", // 20
            "EISDIR|Is a directory", // 21
            "EINVAL|Invalid argument", // 22
            "ENFILE|Too many open files in system", // 23
            "EMFILE|Too many open files", // 24
            "ENOTTY|Inappropriate ioctl for device", // 25
            "ETXTBSY|Text file busy", // 26
            "EFBIG|File too large", // 27
            "ENOSPC|No space left on device", // 28
            "ESPIPE|Illegal seek", // 29
            "EROFS|Read-only file system", // 30
            "EMLINK|Too many links", // 31
            "EPIPE|Broken pipe", // 32
            "EDOM|Numerical argument out of domain", // 33
            "ERANGE|Numerical result out of range", // 34
            "EDEADLK|Resource deadlock avoided", // 35
            "ENAMETOOLONG|File name too long", // 36
            "ENOLCK|No locks available", // 37
            "ENOSYS|Function not implemented", // 38
            "ENOTEMPTY|Directory not empty", // 39
            "ELOOP|Too many levels of symbolic links", // 40
            null, // 41
            "ENOMSG|No message of desired type", // 42
            "EIDRM|Identifier removed", // 43
            "ECHRNG|Channel number out of range", // 44
            "EL2NSYNC|Level 2 not synchronized", // 45
            "EL3HLT|Level 3 halted", // 46
            "EL3RST|Level 3 reset", // 47
            "ELNRNG|Link number out of range", // 48
            "EUNATCH|Protocol driver not attached", // 49
            "ENOCSI|No CSI structure available", // 50
            "EL2HLT|Level 2 halted", // 51
            "EBADE|Invalid exchange", // 52
            "EBADR|Invalid request descriptor", // 53
            "EXFULL|Exchange full", // 54
            "ENOANO|No anode", // 55
            "EBADRQC|Invalid request code", // 56
            "EBADSLT|Invalid slot", // 57
            null, // 58
            "EBFONT|Bad font file format", // 59
            "ENOSTR|Device not a stream", // 60
            "ENODATA|No data available", // 61
            "ETIME|Timer expired", // 62
            "ENOSR|Out of streams resources", // 63
            "ENONET|Machine is not on the network", // 64
            "ENOPKG|Package not installed", // 65
            "EREMOTE|Object is remote", // 66
            "ENOLINK|Link has been severed", // 67
            "EADV|Advertise error", // 68
            "ESRMNT|Srmount error", // 69
            "ECOMM|Communication error on send", // 70
            "EPROTO|Protocol error", // 71
            "EMULTIHOP|Multihop attempted", // 72
            "EDOTDOT|RFS specific error", // 73
            "EBADMSG|Bad message", // 74
            "EOVERFLOW|Value too large for defined data type", // 75
            "ENOTUNIQ|Name not unique on network", // 76
            "EBADFD|File descriptor in bad state", // 77
            "EREMCHG|Remote address changed", // 78
            "ELIBACC|Can not access a needed shared library", // 79
            "ELIBBAD|Accessing a corrupted shared library", // 80
            "ELIBSCN|.lib section in a.out corrupted", // 81
            "ELIBMAX|Attempting to link in too many shared libraries", // 82
            "ELIBEXEC|Cannot exec a shared library directly", // 83
            "EILSEQ|Invalid or incomplete multibyte or wide character", // 84
            "ERESTART|Interrupted system call should be restarted", // 85
            "ESTRPIPE|Streams pipe error", // 86
            "EUSERS|Too many users", // 87
            "ENOTSOCK|Socket operation on non-socket", // 88
            "EDESTADDRREQ|Destination address required", // 89
            "EMSGSIZE|Message too long", // 90
            "EPROTOTYPE|Protocol wrong type for socket", // 91
            "ENOPROTOOPT|Protocol not available", // 92
            "EPROTONOSUPPORT|Protocol not supported", // 93
            "ESOCKTNOSUPPORT|Socket type not supported", // 94
            "EOPNOTSUPP|Operation not supported", // 95
            "EPFNOSUPPORT|Protocol family not supported", // 96
            "EAFNOSUPPORT|Address family not supported by protocol", // 97
            "EADDRINUSE|Address already in use", // 98
            "EADDRNOTAVAIL|Cannot assign requested address", // 99
            "ENETDOWN|Network is down", // 100
            "ENETUNREACH|Network is unreachable", // 101
            "ENETRESET|Network dropped connection on reset", // 102
            "ECONNABORTED|Software caused connection abort", // 103
            "ECONNRESET|Connection reset by peer", // 104
            "ENOBUFS|No buffer space available", // 105
            "EISCONN|Transport endpoint is already connected", // 106
            "ENOTCONN|Transport endpoint is not connected", // 107
            "ESHUTDOWN|Cannot send after transport endpoint shutdown", // 108
            "ETOOMANYREFS|Too many references: cannot splice", // 109
            "ETIMEDOUT|Connection timed out", // 110
            "ECONNREFUSED|Connection refused", // 111
            "EHOSTDOWN|Host is down", // 112
            "EHOSTUNREACH|No route to host", // 113
            "EALREADY|Operation already in progress", // 114
            "EINPROGRESS|Operation now in progress", // 115
            "ESTALE|Stale file handle", // 116
            "EUCLEAN|Structure needs cleaning", // 117
            "ENOTNAM|Not a XENIX named type file", // 118
            "ENAVAIL|No XENIX semaphores available", // 119
            "EISNAM|Is a named type file", // 120
            "EREMOTEIO|Remote I/O error", // 121
            "EDQUOT|Disk quota exceeded", // 122
            "ENOMEDIUM|No medium found", // 123
            "EMEDIUMTYPE|Wrong medium type", // 124
            "ECANCELED|Operation canceled", // 125
            "ENOKEY|Required key not available", // 126
            "EKEYEXPIRED|Key has expired", // 127
            "EKEYREVOKED|Key has been revoked", // 128
            "EKEYREJECTED|Key was rejected by service", // 129
            "EOWNERDEAD|Owner died", // 130
            "ENOTRECOVERABLE|State not recoverable", // 131
            "ERFKILL|Operation not possible due to RF-kill", // 132
            "EHWPOISON|Memory page has hardware error", // 133
    };

    private Errno() {
    }

    /** The name of {@code errno} ({@code "EMSGSIZE"}), or {@code "errno 200"} if unknown. */
    public static String name(int errno) {
        String entry = entry(errno);
        return entry == null ? "errno " + errno : entry.substring(0, entry.indexOf('|'));
    }

    /** The C library's text for {@code errno} ({@code "Message too long"}), or {@code "Unknown error 200"}. */
    public static String description(int errno) {
        String entry = entry(errno);
        return entry == null ? "Unknown error " + errno : entry.substring(entry.indexOf('|') + 1);
    }

    /**
     * The errno whose C library text begins {@code text} (the longest such, ignoring case: how the JDK words
     * socket errors), or 0 if none does.
     */
    public static int fromDescription(String text) {
        if (text == null) {
            return 0;
        }
        String wanted = text.toLowerCase(Locale.ROOT);
        int best = 0;
        int bestLength = 0;
        for (int errno = 1; errno <= MAX; errno++) {
            String entry = TABLE[errno];
            if (entry != null) {
                String description = entry.substring(entry.indexOf('|') + 1).toLowerCase(Locale.ROOT);
                if (description.length() > bestLength && wanted.startsWith(description)) {
                    best = errno;
                    bestLength = description.length();
                }
            }
        }
        return best;
    }

    /**
     * True if {@code errno} is one the kernel turns an ICMP error into ({@code icmp_err_convert}
     * and its IPv6 twin: port unreachable is ECONNREFUSED, fragmentation needed EMSGSIZE…) and
     * leaves pending on the socket, so that the next send or receive call fails with it once.
     * A receive counts these instead of throwing: they say something about an earlier datagram's
     * fate, nothing about the socket.
     */
    public static boolean isPendingSocketError(int errno) {
        switch (errno) {
            case ECONNREFUSED:
            case EHOSTUNREACH:
            case ENETUNREACH:
            case EHOSTDOWN:
            case ENONET:
            case ENOPROTOOPT:
            case EPROTO:
            case EMSGSIZE:
            case EOPNOTSUPP:
            case EACCES:
                return true;
            default:
                return false;
        }
    }

    /**
     * The errno behind an exception of a JDK channel: ECONNREFUSED for {@link
     * PortUnreachableException}, EBADF for a closed channel, else the errno whose text the
     * message begins with ({@link #fromDescription}), else EIO.
     */
    public static int of(IOException e) {
        if (e instanceof PortUnreachableException) {
            return ECONNREFUSED;
        }
        if (e instanceof ClosedChannelException) {
            return EBADF;
        }
        int errno = fromDescription(e.getMessage());
        return errno != 0 ? errno : EIO;
    }

    private static String entry(int errno) {
        return errno > 0 && errno <= MAX ? TABLE[errno] : null;
    }
}
