package io.salvo.bench;

import io.salvo.rtcp.GenericNack;
import io.salvo.rtcp.NtpTime;
import io.salvo.rtcp.ReceiverReport;
import io.salvo.rtcp.ReportBlock;
import io.salvo.rtp.Bytes;
import io.salvo.rtp.RtpHeader;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The soak's receiver: one UDP socket (RTP and RTCP multiplexed, RFC 5761) on its own thread,
 * optionally inside another network namespace. It counts datagrams and bytes, tracks the media
 * sequence numbers (losses, late arrivals, duplicates), asks for what is still missing
 * {@value #NACK_DELAY_MS} ms after the gap showed (generic NACK, up to {@value #MAX_TRIES} times),
 * counts RTX packets that filled a gap, sends a receiver report (with LSR/DLSR, so the sender
 * learns the round-trip time) about every second, and checks the frame stamp of every packet that
 * opens a slice (see {@link SoakFrames}).
 *
 * <p>{@link #close()} closes the socket (the sender then meets ICMP port unreachable) and
 * {@link #open()} binds the same port again; a silence of more than {@value #RESYNC_MS} ms (or a
 * reopening) starts the sequence tracking afresh, as a receiver rejoining a stream does, rather
 * than asking for everything sent meanwhile.
 */
final class SoakReceiver {
    static final int NACK_DELAY_MS = 20;
    static final int MAX_TRIES = 3;
    static final int RESYNC_MS = 500;
    private static final long NACK_DELAY_NANOS = NACK_DELAY_MS * 1_000_000L;
    private static final long RETRY_NANOS = 100_000_000L;
    private static final long RESYNC_NANOS = RESYNC_MS * 1_000_000L;
    private static final long REPORT_NANOS = 1_000_000_000L;
    private static final long HOUSEKEEPING_NANOS = 5_000_000L;
    /** Gaps wider than this are not asked for (a burst this long is better repaired by a keyframe). */
    private static final int MAX_NACK_GAP = 2_000;
    private static final int WINDOW = 1 << 15;
    private static final int PENDING = 1 << 13;
    private static final int MAX_PER_NACK = 128;
    private static final long OWN_SSRC = 0x50A4_0001L;

    private final InetSocketAddress address;
    private final String netns;
    private final int mediaPayloadType;
    private final int rtxPayloadType;
    private final int ticksPerFrame;
    private final ByteBuffer in = ByteBuffer.allocateDirect(65_536);
    private final ByteBuffer out = ByteBuffer.allocateDirect(1_500);
    private final long[] arrived = new long[WINDOW];
    private final long[] pendingSequence = new long[PENDING];
    private final long[] pendingSince = new long[PENDING];
    private final int[] pendingTries = new int[PENDING];
    private final int[] nackList = new int[MAX_PER_NACK];
    private int pendingCount;
    private long maxExtended = -1;
    private long firstExtended;
    private long lastMediaNanos;
    private long mediaSsrc;
    private long lastSrCompact;
    private long lastSrNanos;
    private long lastReportNanos;
    private long lastHousekeepingNanos;
    private long expectedPrior;
    private long receivedPrior;
    private long receivedUnique;
    private SocketAddress sender;
    private volatile DatagramChannel channel;
    private Thread thread;
    private volatile Exception failure;

    volatile long datagrams;
    volatile long bytes;
    volatile long mediaPackets;
    volatile long rtxPackets;
    volatile long rtxRepaired;
    volatile long lateArrivals;
    volatile long duplicates;
    volatile long rtcpDatagrams;
    volatile long senderReports;
    volatile long nacksSent;
    volatile long sequencesNacked;
    volatile long reportsSent;
    volatile long sendErrors;
    volatile long lostForGood;
    volatile long notAskedFor;
    volatile long resyncs;
    volatile long stampsChecked;
    volatile long stampMismatches;
    volatile long opens;

    SoakReceiver(InetSocketAddress address, String netns, int mediaPayloadType, int rtxPayloadType, int ticksPerFrame) {
        this.address = address;
        this.netns = netns;
        this.mediaPayloadType = mediaPayloadType;
        this.rtxPayloadType = rtxPayloadType;
        this.ticksPerFrame = ticksPerFrame;
    }

    /** Binds the port (in the namespace, if one was named) and starts receiving; waits until bound. */
    void open() throws IOException, InterruptedException {
        if (thread != null) {
            throw new IllegalStateException("receiver already open");
        }
        CountDownLatch bound = new CountDownLatch(1);
        failure = null;
        thread = new Thread(() -> run(bound), "soak-receiver");
        thread.setDaemon(true);
        thread.start();
        if (!bound.await(10, TimeUnit.SECONDS)) {
            throw new IOException("receiver did not bind " + address + " within 10 s");
        }
        if (failure != null) {
            thread.join();
            thread = null;
            throw new IOException("receiver could not bind " + address + ": " + failure, failure);
        }
        opens++;
    }

    /** Closes the socket and waits for the thread; a no-op when closed. */
    void close() throws IOException, InterruptedException {
        DatagramChannel c = channel;
        if (c != null) {
            c.close();
        }
        if (thread != null) {
            thread.join();
            thread = null;
        }
    }

    boolean isOpen() {
        return thread != null;
    }

    /** Why the receiving thread stopped on its own, or null. */
    Exception failure() {
        return failure;
    }

    InetSocketAddress address() {
        return address;
    }

    private void run(CountDownLatch bound) {
        DatagramChannel c;
        try {
            if (netns != null) {
                Netns.enter(netns);
            }
            c = DatagramChannel.open(StandardProtocolFamily.INET);
            c.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            c.setOption(StandardSocketOptions.SO_RCVBUF, 8 << 20);
            c.bind(address);
        } catch (IOException | RuntimeException e) {
            failure = e;
            bound.countDown();
            return;
        }
        channel = c;
        maxExtended = -1; // a new session: nothing to ask for from before
        pendingCount = 0;
        bound.countDown();
        try {
            while (true) {
                in.clear();
                SocketAddress from = c.receive(in);
                long now = System.nanoTime();
                handle(in.position(), from, now);
                if (now - lastHousekeepingNanos >= HOUSEKEEPING_NANOS) {
                    lastHousekeepingNanos = now;
                    housekeeping(c, now);
                }
            }
        } catch (ClosedChannelException closed) {
            // closed by close(): the receiver is gone
        } catch (IOException | RuntimeException e) {
            failure = e;
        } finally {
            channel = null;
            try {
                c.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private void handle(int length, SocketAddress from, long now) {
        datagrams++;
        bytes += length;
        if (length < RtpHeader.FIXED_LENGTH || (Bytes.u8(in, 0) >> 6) != 2) {
            return;
        }
        int second = Bytes.u8(in, 1);
        if (second >= 192 && second <= 223) { // RTCP packet types 192..223 (RFC 5761 §4)
            rtcp(length, now);
            return;
        }
        sender = from;
        int payloadType = second & 0x7F;
        int header = RtpHeader.headerLength(in, 0);
        long timestamp = RtpHeader.timestamp(in, 0);
        if (payloadType == mediaPayloadType) {
            mediaPackets++;
            mediaSsrc = RtpHeader.ssrc(in, 0);
            media(RtpHeader.sequenceNumber(in, 0), now);
            checkStamp(header, length, timestamp);
        } else if (payloadType == rtxPayloadType && length >= header + 2) {
            rtxPackets++;
            repaired(Bytes.u16(in, header));
            checkStamp(header + 2, length, timestamp);
        }
    }

    private void media(int sequence, long now) {
        if (maxExtended >= 0 && now - lastMediaNanos > RESYNC_NANOS) {
            maxExtended = -1;
            pendingCount = 0;
            resyncs++;
        }
        lastMediaNanos = now;
        if (maxExtended < 0) {
            maxExtended = (1L << 16) + sequence;
            firstExtended = maxExtended;
            expectedPrior = 0;
            receivedPrior = 0;
            receivedUnique = 1;
            arrived[(int) (maxExtended & (WINDOW - 1))] = maxExtended;
            return;
        }
        long extended = extend(sequence);
        if (extended > maxExtended) {
            long gap = extended - maxExtended - 1;
            if (gap > MAX_NACK_GAP) {
                notAskedFor += gap;
            } else {
                for (long missing = maxExtended + 1; missing < extended; missing++) {
                    addPending(missing, now);
                }
            }
            maxExtended = extended;
            arrived[(int) (extended & (WINDOW - 1))] = extended;
            receivedUnique++;
        } else if (maxExtended - extended >= WINDOW) {
            lateArrivals++;
        } else if (arrived[(int) (extended & (WINDOW - 1))] == extended) {
            duplicates++;
        } else {
            arrived[(int) (extended & (WINDOW - 1))] = extended;
            receivedUnique++;
            lateArrivals++;
        }
    }

    private void repaired(int originalSequence) {
        if (maxExtended < 0) {
            return;
        }
        long extended = extend(originalSequence);
        if (extended <= maxExtended && maxExtended - extended < WINDOW
                && arrived[(int) (extended & (WINDOW - 1))] != extended) {
            arrived[(int) (extended & (WINDOW - 1))] = extended;
            receivedUnique++;
            rtxRepaired++;
        }
    }

    private long extend(int sequence) {
        int delta = ((sequence - (int) (maxExtended & 0xFFFF) + 32_768) & 0xFFFF) - 32_768;
        return maxExtended + delta;
    }

    private void addPending(long extended, long now) {
        if (pendingCount == PENDING) {
            System.arraycopy(pendingSequence, 1, pendingSequence, 0, PENDING - 1);
            System.arraycopy(pendingSince, 1, pendingSince, 0, PENDING - 1);
            System.arraycopy(pendingTries, 1, pendingTries, 0, PENDING - 1);
            pendingCount--;
            lostForGood++;
        }
        pendingSequence[pendingCount] = extended;
        pendingSince[pendingCount] = now;
        pendingTries[pendingCount] = 0;
        pendingCount++;
    }

    /** Drops what arrived from the missing list, asks for what is due, and reports every second. */
    private void housekeeping(DatagramChannel c, long now) throws IOException {
        int kept = 0;
        int asking = 0;
        for (int i = 0; i < pendingCount; i++) {
            long extended = pendingSequence[i];
            if (arrived[(int) (extended & (WINDOW - 1))] == extended) {
                continue;
            }
            long waited = now - pendingSince[i];
            int tries = pendingTries[i];
            boolean due = tries == 0 ? waited >= NACK_DELAY_NANOS : waited >= RETRY_NANOS;
            if (due && tries == MAX_TRIES) {
                lostForGood++;
                continue;
            }
            if (due) {
                if (asking == MAX_PER_NACK) {
                    sendNack(c, asking);
                    asking = 0;
                }
                nackList[asking++] = (int) (extended & 0xFFFF);
                pendingTries[i] = tries + 1;
                pendingSince[i] = now;
            }
            pendingSequence[kept] = extended;
            pendingSince[kept] = pendingSince[i];
            pendingTries[kept] = pendingTries[i];
            kept++;
        }
        pendingCount = kept;
        if (asking > 0) {
            sendNack(c, asking);
        }
        if (now - lastReportNanos >= REPORT_NANOS && sender != null && maxExtended >= 0) {
            lastReportNanos = now;
            int length = receiverReport(now);
            send(c, length);
            reportsSent++;
        }
    }

    private void sendNack(DatagramChannel c, int count) throws IOException {
        if (sender == null || mediaSsrc == 0) {
            return;
        }
        int length = receiverReport(System.nanoTime());
        length += GenericNack.write(out, length, OWN_SSRC, mediaSsrc, nackList, 0, count);
        send(c, length);
        nacksSent++;
        sequencesNacked += count;
    }

    /** Writes an RR with one report block at the start of {@code out}; returns its length. */
    private int receiverReport(long now) {
        long expected = maxExtended - firstExtended + 1;
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = receivedUnique - receivedPrior;
        expectedPrior = expected;
        receivedPrior = receivedUnique;
        long lostInterval = expectedInterval - receivedInterval;
        int fraction = expectedInterval <= 0 || lostInterval <= 0 ? 0
                : (int) Math.min(255, (lostInterval << 8) / expectedInterval);
        long delay = lastSrNanos == 0 ? 0 : NtpTime.nanosToCompact(now - lastSrNanos);
        int at = ReceiverReport.write(out, 0, OWN_SSRC, 1);
        at += ReportBlock.write(out, at, mediaSsrc, fraction, (int) Math.max(0, expected - receivedUnique),
                maxExtended, 0, lastSrCompact, lastSrNanos == 0 ? 0 : delay);
        return at;
    }

    private void send(DatagramChannel c, int length) {
        out.limit(length).position(0);
        try {
            c.send(out, sender);
        } catch (IOException e) {
            if (e instanceof ClosedChannelException) {
                return;
            }
            sendErrors++; // the link is down, or the sender's address unreachable for now
        } finally {
            out.clear();
        }
    }

    private void rtcp(int length, long now) {
        rtcpDatagrams++;
        int at = 0;
        while (at + 4 <= length) {
            int type = Bytes.u8(in, at + 1);
            int words = Bytes.u16(in, at + 2);
            if (type == 200 && at + 16 <= length) { // SR: NTP timestamp at bytes 8..15
                senderReports++;
                lastSrCompact = NtpTime.compact(Bytes.i64(in, at + 8));
                lastSrNanos = now;
            }
            at += (words + 1) * 4;
        }
    }

    /** The slice's first fragment (FU-A, start bit) carries its frame's stamp: it must match the RTP timestamp. */
    private void checkStamp(int payload, int length, long timestamp) {
        if (length < payload + 2 + SoakFrames.STAMP_LENGTH) {
            return;
        }
        boolean fuStart = (Bytes.u8(in, payload) & 0x1F) == 28 && (Bytes.u8(in, payload + 1) & 0x80) != 0;
        if (!fuStart) {
            return;
        }
        stampsChecked++;
        long frame = SoakFrames.readStamp(in, payload + 2);
        if (frame < 0 || ((frame * ticksPerFrame) & 0xFFFF_FFFFL) != timestamp) {
            stampMismatches++;
        }
    }
}
