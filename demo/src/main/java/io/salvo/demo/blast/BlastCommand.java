package io.salvo.demo.blast;

import io.salvo.demo.cli.HostPort;
import io.salvo.demo.cli.UserError;
import io.salvo.rtp.OutputMessage;
import io.salvo.rtp.RtpHeader;
import io.salvo.rtp.RtpPacket;
import io.salvo.rtp.RtpPacketPool;
import io.salvo.sender.ChannelSender;
import io.salvo.sender.DatagramSender;
import io.salvo.sender.SendmmsgSender;
import io.salvo.sender.SenderOptions;
import io.salvo.sender.SenderStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code salvo blast}: sends synthetic RTP datagrams as fast as one send path allows, to learn
 * what a host can do. The timed loop excludes start-up (a short untimed warm-up runs first), as
 * a native loop's timing would.
 */
@Command(name = "blast", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send synthetic RTP datagrams as fast as a send path allows and report",
                "packets/s, Gbit/s, syscalls and CPU time (the last line holds pps=...)."},
        footer = {"", "Examples:",
                "  salvo blast --to 127.0.0.1:5004 --packets 2000000 --mode gso",
                "  salvo blast --to 127.0.0.1:5004 --batch 1 --mode channel      (the JDK's way)",
                "", "Modes: sendmmsg (one datagram per mmsghdr), gso (UDP_SEGMENT runs of equal",
                "datagrams, Linux 4.18+), channel (java.nio DatagramChannel, one send per datagram)."})
public final class BlastCommand implements Callable<Integer> {
    private static final int WARM_UP_PACKETS = 50_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--to", required = true, paramLabel = "HOST:PORT", description = "Destination.")
    String to;

    @Option(names = "--packets", paramLabel = "N", defaultValue = "1000000",
            description = "Datagrams to send (default: ${DEFAULT-VALUE}).")
    long packets;

    @Option(names = "--size", paramLabel = "BYTES", defaultValue = "1200",
            description = "Datagram size, 12-byte RTP header included (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "48",
            description = "Datagrams per send call, 1-1024 (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "sendmmsg",
            description = "sendmmsg, gso or channel (default: ${DEFAULT-VALUE}).")
    String mode;

    @Override
    public Integer call() throws Exception {
        validate();
        InetSocketAddress destination = HostPort.parse(to);
        PrintWriter out = spec.commandLine().getOut();
        try (DatagramSender sender = open(destination)) {
            OutputMessage[] messages = messages(destination);
            send(sender, messages, Math.min(WARM_UP_PACKETS, packets), 0);
            SenderStats stats = sender.stats(); // live counters: read the values around the timed loop
            long syscallsBefore = stats.syscalls();
            long gsoRunsBefore = stats.gsoRuns();
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long cpuBefore = mx.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            send(sender, messages, packets, WARM_UP_PACKETS);
            long nanos = System.nanoTime() - start;
            long cpu = mx.getCurrentThreadCpuTime() - cpuBefore;
            long syscalls = stats.syscalls() - syscallsBefore;
            long gsoRuns = stats.gsoRuns() - gsoRunsBefore;
            double seconds = nanos / 1e9;
            double pps = packets / seconds;
            double gbps = packets * (double) size * 8 / seconds / 1e9;
            out.printf(Locale.ROOT, "blast: %d datagrams of %d bytes to %s, batches of %d, mode %s%n",
                    packets, size, HostPort.format(destination), batch, mode);
            out.printf(Locale.ROOT, "  %.3f s, %.0f datagrams/s, %.2f Gbit/s, %d syscalls (%.1f datagrams each)%n",
                    seconds, pps, gbps, syscalls, syscalls == 0 ? 0 : (double) packets / syscalls);
            out.printf(Locale.ROOT, "  CPU %.3f s of the sending thread (%.0f %% of the time)%s%n", cpu / 1e9,
                    100.0 * cpu / nanos, gsoRuns > 0
                            ? String.format(Locale.ROOT, ", %d GSO runs", gsoRuns) : "");
            out.printf(Locale.ROOT, "pps=%.0f gbps=%.3f syscalls=%d cpu_s=%.3f mode=%s batch=%d size=%d%n",
                    pps, gbps, syscalls, cpu / 1e9, mode, batch, size);
            out.flush();
        }
        return 0;
    }

    private void validate() {
        if (packets < 1) {
            throw new UserError("--packets must be >= 1, was " + packets);
        }
        if (size < RtpHeader.FIXED_LENGTH || size > 65_507) {
            throw new UserError("--size must be 12..65507 bytes (an RTP header and at most a UDP datagram), was " + size);
        }
        if (batch < 1 || batch > 1024) {
            throw new UserError("--batch must be 1..1024, was " + batch);
        }
        if (!mode.equals("sendmmsg") && !mode.equals("gso") && !mode.equals("channel")) {
            throw new UserError("--mode must be sendmmsg, gso or channel, was '" + mode + "'");
        }
    }

    private DatagramSender open(InetSocketAddress destination) throws IOException {
        InetSocketAddress local = new InetSocketAddress(destination.getAddress() instanceof Inet6Address ? "::" : "0.0.0.0", 0);
        if (mode.equals("channel")) {
            return ChannelSender.open(local);
        }
        if (!SendmmsgSender.isAvailable()) {
            throw new UserError("--mode " + mode + " needs the native sender, which is not available here (Linux with JNA)");
        }
        SendmmsgSender sender = SendmmsgSender.open(local, null, new SenderOptions().gso(mode.equals("gso")));
        if (mode.equals("gso") && !sender.gsoEnabled()) {
            sender.close();
            throw new UserError("--mode gso: this kernel does not support UDP GSO (UDP_SEGMENT, Linux 4.18+)");
        }
        return sender;
    }

    /** {@code batch} datagrams: a 12-byte RTP header in a pooled slot and a view of one shared payload. */
    private OutputMessage[] messages(InetSocketAddress destination) {
        RtpPacketPool pool = new RtpPacketPool(64, batch);
        ByteBuffer payload = ByteBuffer.allocateDirect(Math.max(1, size - RtpHeader.FIXED_LENGTH));
        OutputMessage[] messages = new OutputMessage[batch];
        for (int i = 0; i < batch; i++) {
            RtpPacket packet = pool.acquire();
            RtpHeader.write(packet.slot(), packet.slotOffset(), 0, false, 96, i, 0, 0x5A1F0);
            packet.addSlot(0, RtpHeader.FIXED_LENGTH);
            if (size > RtpHeader.FIXED_LENGTH) {
                packet.addPayload(payload, 0, size - RtpHeader.FIXED_LENGTH);
            }
            messages[i] = new OutputMessage().set(packet.message()).address(destination);
        }
        return messages;
    }

    /** Sends {@code count} datagrams in batches, renumbering the headers as it goes; blocks when the socket is full. */
    private void send(DatagramSender sender, OutputMessage[] messages, long count, long firstSequence) throws IOException {
        long sequence = firstSequence;
        long left = count;
        while (left > 0) {
            int n = (int) Math.min(batch, left);
            for (int i = 0; i < n; i++) {
                OutputMessage m = messages[i];
                RtpHeader.sequenceNumber(m.vector(0).buffer(), m.vector(0).offset(), (int) sequence++);
            }
            int sent = 0;
            while (sent < n) {
                sent += sender.send(messages, sent, n - sent, 0, -1, null);
            }
            left -= n;
        }
    }
}
