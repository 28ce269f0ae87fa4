package io.salvo.bench;

import io.salvo.sender.DatagramSender;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies and clears the soak's faults with {@code ip}, {@code tc} and {@code nft}. The path is
 * sender | router | receiver, three network namespaces joined by veth pairs: the JVM runs in the
 * sender's, so commands on its {@code device} act directly; the router's and the receiver's
 * namespaces are reached with {@code ip netns exec}. The sender's device cuts UDP GSO runs into
 * datagrams before the wire ({@code gso_max_segs 1}, set by the script), so the router and the
 * receiver see single datagrams whatever the sender batches.
 *
 * <ul>
 *   <li>loss: an nftables rule on the receiver's input hook drops a share of the datagrams to
 *       its port at random (the sender cannot see it);
 *   <li>reordering (this kernel has no netem): on the router's device towards the receiver, an
 *       HTB root with a second class whose rate is twice the mean of what an nftables rule on the
 *       forward hook steers into it ({@code meta priority}, a random share of the datagrams), below
 *       its peak: those datagrams queue behind the class's rate while the rest pass, and arrive
 *       after datagrams sent later;
 *   <li>tbf: a token bucket below the send rate on the sender's device, so its socket buffer fills;
 *   <li>link down: the sender's device down (sends fail: ENETUNREACH), then up;
 *   <li>MTU: the sender's device MTU lowered below the datagram size;
 *   <li>receiver gone: the receiver's socket closed (ICMP port unreachable), then bound again.
 * </ul>
 */
final class SoakFaults {
    private static final Pattern PACKETS = Pattern.compile("packets (\\d+)");

    /** The faults, and quiet. */
    enum Fault {
        QUIET("quiet"),
        LOSS("loss"),
        REORDER("reorder"),
        TBF("tbf"),
        LINK_DOWN("link down"),
        MTU("mtu"),
        RECEIVER_GONE("receiver gone");

        final String label;

        Fault(String label) {
            this.label = label;
        }
    }

    private final String receiverNetns;
    private final String routerNetns;
    private final String device;
    private final String routerDevice;
    private final InetAddress gateway;
    private final InetSocketAddress to;
    private final int port;
    private final double lossPercent;
    private final double reorderPercent;
    private final long rateBps;
    private final double tbfShare;
    private final int mtu;
    private final SoakReceiver receiver;
    private final DatagramSender sender;
    private final int originalMtu;
    private long lossDropped;
    private long reorderSteered;
    private long unreachableSent;
    private long unreachableReceived;
    private long fragmentedBefore;
    private long reassembledBefore;

    SoakFaults(String receiverNetns, String routerNetns, String device, String routerDevice, InetAddress gateway,
               InetSocketAddress to, double lossPercent, double reorderPercent, long rateBps,
               double tbfShare, int mtu, SoakReceiver receiver, DatagramSender sender) {
        this.sender = sender;
        this.receiverNetns = receiverNetns;
        this.routerNetns = routerNetns;
        this.device = device;
        this.routerDevice = routerDevice;
        this.gateway = gateway;
        this.to = to;
        this.port = to.getPort();
        this.lossPercent = lossPercent;
        this.reorderPercent = reorderPercent;
        this.rateBps = rateBps;
        this.tbfShare = tbfShare;
        this.mtu = mtu;
        this.receiver = receiver;
        this.originalMtu = readMtu(device);
    }

    /** What {@code fault} does, with its numbers, for the printed schedule. */
    String describe(Fault fault) {
        return switch (fault) {
            case QUIET -> "no fault";
            case LOSS -> String.format(Locale.ROOT, "nftables drops %.0f %% of the datagrams to port %d at random, on the "
                    + "receiver's input hook", lossPercent, port);
            case REORDER -> String.format(Locale.ROOT, "%.0f %% of the datagrams to port %d steered into an HTB class of %s "
                    + "on the router's %s: they arrive after later ones", reorderPercent, port, mbit(reorderClassBps()),
                    routerDevice);
            case TBF -> "tbf " + mbit(tbfBps()) + " (burst 32 KiB, latency 100 ms) on " + device
                    + ", below the send rate";
            case LINK_DOWN -> "ip link set " + device + " down, then up (and the route to the receiver set again)";
            case MTU -> "ip link set " + device + " mtu " + mtu + " (was " + originalMtu + "), then back";
            case RECEIVER_GONE -> "the receiver's socket closed (ICMP port unreachable), then bound again";
        };
    }

    void apply(Fault fault) throws IOException, InterruptedException {
        switch (fault) {
            case QUIET -> {
            }
            case LOSS -> nft(receiverNetns, String.format(Locale.ROOT, "add table inet salvo_soak_loss\n"
                    + "add chain inet salvo_soak_loss in { type filter hook input priority 0; }\n"
                    + "add rule inet salvo_soak_loss in udp dport %d numgen random mod 100 < %d counter drop\n",
                    port, Math.round(lossPercent)));
            case REORDER -> {
                tc(routerNetns, "qdisc", "add", "dev", routerDevice, "root", "handle", "1:", "htb", "default", "10");
                tc(routerNetns, "class", "add", "dev", routerDevice, "parent", "1:", "classid", "1:10", "htb", "rate",
                        "10gbit", "quantum", "60000");
                tc(routerNetns, "class", "add", "dev", routerDevice, "parent", "1:", "classid", "1:20", "htb", "rate",
                        reorderClassBps() + "bit", "burst", "1600", "quantum", "1514");
                nft(routerNetns, String.format(Locale.ROOT, "add table inet salvo_soak_reorder\n"
                        + "add chain inet salvo_soak_reorder forwarded { type filter hook forward priority 0; }\n"
                        + "add rule inet salvo_soak_reorder forwarded udp dport %d numgen random mod 100 < %d "
                        + "meta priority set 1:20 counter\n", port, Math.round(reorderPercent)));
            }
            case TBF -> tc(null, "qdisc", "add", "dev", device, "root", "tbf", "rate", tbfBps() + "bit", "burst", "32kb",
                    "latency", "100ms");
            case LINK_DOWN -> run(List.of(which("ip"), "link", "set", device, "down"), null);
            case MTU -> {
                fragmentedBefore = ipCounter(null, "FragOKs");
                reassembledBefore = ipCounter(receiverNetns, "ReasmOKs");
                run(List.of(which("ip"), "link", "set", device, "mtu", Integer.toString(mtu)), null);
            }
            case RECEIVER_GONE -> {
                nft(receiverNetns, "add table inet salvo_soak_icmp\n"
                        + "add chain inet salvo_soak_icmp out { type filter hook output priority 0; }\n"
                        + "add rule inet salvo_soak_icmp out icmp type destination-unreachable counter\n");
                nft(null, "add table inet salvo_soak_icmp\n"
                        + "add chain inet salvo_soak_icmp in { type filter hook input priority 0; }\n"
                        + "add rule inet salvo_soak_icmp in icmp type destination-unreachable counter\n");
                receiver.close();
            }
        }
    }

    /** Clears {@code fault}; returns what its counters saw, or an empty string. */
    String clear(Fault fault) throws IOException, InterruptedException {
        switch (fault) {
            case LOSS -> {
                long dropped = counter(receiverNetns, "salvo_soak_loss");
                lossDropped += dropped;
                nft(receiverNetns, "delete table inet salvo_soak_loss\n");
                return "the loss rule dropped " + dropped + " datagrams";
            }
            case REORDER -> {
                long steered = counter(routerNetns, "salvo_soak_reorder");
                reorderSteered += steered;
                nft(routerNetns, "delete table inet salvo_soak_reorder\n");
                tc(routerNetns, "qdisc", "del", "dev", routerDevice, "root");
                return steered + " datagrams went through the slow class";
            }
            case TBF -> tc(null, "qdisc", "del", "dev", device, "root");
            case LINK_DOWN -> {
                run(List.of(which("ip"), "link", "set", device, "up"), null);
                // IPv4 flushes the routes through a device that goes down; the one to the receiver comes back here
                run(List.of(which("ip"), "route", "replace", to.getAddress().getHostAddress() + "/32", "via",
                        gateway.getHostAddress(), "dev", device), null);
                return "the route to " + to.getAddress().getHostAddress() + " via " + gateway.getHostAddress()
                        + " set again";
            }
            case MTU -> {
                run(List.of(which("ip"), "link", "set", device, "mtu", Integer.toString(originalMtu)), null);
                return "the kernel fragmented " + (ipCounter(null, "FragOKs") - fragmentedBefore)
                        + " datagrams, the receiver's namespace reassembled "
                        + (ipCounter(receiverNetns, "ReasmOKs") - reassembledBefore) + "; GSO fallbacks so far: "
                        + sender.stats().gsoFallbacks() + ", retries: " + sender.stats().gsoRetries();
            }
            case RECEIVER_GONE -> {
                receiver.open();
                long sent = counter(receiverNetns, "salvo_soak_icmp");
                long received = counter(null, "salvo_soak_icmp");
                unreachableSent += sent;
                unreachableReceived += received;
                nft(receiverNetns, "delete table inet salvo_soak_icmp\n");
                nft(null, "delete table inet salvo_soak_icmp\n");
                return "the receiver's namespace sent " + sent + " ICMP destination-unreachable, " + received
                        + " reached the sender's; socket errors read by the sender's RTCP receive so far: "
                        + sender.receiver().stats().socketErrorsByErrno();
            }
            default -> {
            }
        }
        return "";
    }

    /** Datagrams the loss rule dropped, over every loss stretch so far. */
    long lossDropped() {
        return lossDropped;
    }

    /** Datagrams steered into the slow class, over every reorder stretch so far. */
    long reorderSteered() {
        return reorderSteered;
    }

    /** ICMP destination-unreachable the receiver's namespace sent while the receiver was gone. */
    long unreachableSent() {
        return unreachableSent;
    }

    /** ... and those that reached the sender's namespace. */
    long unreachableReceived() {
        return unreachableReceived;
    }

    /**
     * Twice the mean of what the rule steers into the class, below its peak (the pacer sends at
     * 2.5 x the media rate while a keyframe lasts): the class queues during keyframes, by some
     * milliseconds to tens of milliseconds.
     */
    private long reorderClassBps() {
        return Math.max(1_000_000L, (long) (rateBps * reorderPercent / 100 * 2));
    }

    private long tbfBps() {
        return Math.max(1_000_000L, (long) (rateBps * tbfShare));
    }

    private void tc(String netns, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(which("tc"));
        command.addAll(List.of(args));
        run(inNamespace(netns, command.toArray(new String[0])), null);
    }

    private void nft(String netns, String script) throws IOException, InterruptedException {
        run(inNamespace(netns, which("nft"), "-f", "-"), script);
    }

    /** Field {@code name} of the {@code Ip:} lines of {@code /proc/net/snmp} in namespace {@code netns} (null: this one). */
    private long ipCounter(String netns, String name) throws IOException, InterruptedException {
        String[] lines = run(inNamespace(netns, "cat", "/proc/net/snmp"), null).split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].startsWith("Ip:") && lines[i + 1].startsWith("Ip:")) {
                String[] names = lines[i].trim().split("\\s+");
                String[] values = lines[i + 1].trim().split("\\s+");
                for (int k = 1; k < names.length && k < values.length; k++) {
                    if (names[k].equals(name)) {
                        return Long.parseLong(values[k]);
                    }
                }
            }
        }
        return 0;
    }

    /** The packet count of the first counter in table {@code table} of namespace {@code netns} (null: this one). */
    private long counter(String netns, String table) throws IOException, InterruptedException {
        String listing = run(inNamespace(netns, which("nft"), "list", "table", "inet", table), null);
        Matcher m = PACKETS.matcher(listing);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** {@code command}, run in namespace {@code netns} through {@code ip netns exec}, or here when null. */
    private static List<String> inNamespace(String netns, String... command) {
        List<String> full = new ArrayList<>();
        if (netns != null) {
            full.addAll(List.of(which("ip"), "netns", "exec", netns));
        }
        full.addAll(List.of(command));
        return full;
    }

    /** Runs {@code command} (with {@code input} on stdin unless null); its output, or an exception naming it. */
    private static String run(List<String> command, String input) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + ": timed out");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + ": exit " + process.exitValue() + ": " + output);
        }
        return output;
    }

    /** The path of {@code program} on PATH or in the sbin directories (the name itself if not found). */
    static String which(String program) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return Path.of(dir, program).toString();
            }
        }
        return program;
    }

    private static int readMtu(String device) {
        try {
            return Integer.parseInt(Files.readString(Path.of("/sys/class/net", device, "mtu")).trim());
        } catch (IOException | NumberFormatException e) {
            return 1500;
        }
    }

    static String mbit(long bps) {
        return String.format(Locale.ROOT, "%.1f Mbit/s", bps / 1e6);
    }
}
