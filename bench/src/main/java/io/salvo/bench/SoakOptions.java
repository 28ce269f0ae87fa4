package io.salvo.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The soak's options, from {@code --name value} pairs; see {@link #USAGE}. */
record SoakOptions(int seconds, long rateBps, int fps, double keyframeSeconds, double keyframeFactor,
                   double bufferSeconds, boolean faults, String receiverNetns, String routerNetns, String device,
                   String routerDevice, InetAddress gateway, InetAddress local,
                   InetSocketAddress to, double lossPercent, double reorderPercent, double tbfShare, int mtu,
                   int gcEverySeconds, long heapToleranceBytes, long rssToleranceBytes, long directToleranceBytes) {
    private static final long MIB = 1 << 20;

    static final String USAGE = """
            usage: java -cp bench/target/benchmarks.jar io.salvo.bench.Soak [options]
              --seconds 600          length of the run (two halves with the same faults)
              --rate-mbps 200        media rate; the default pacer sends at 2.5 x this in bursts
              --fps 30               frames a second (must divide 90000)
              --keyframe-every 2     seconds between keyframes
              --keyframe-factor 4    keyframe size over the mean frame
              --buffer-seconds 3     frame buffers for this many seconds of video (frames wait for a free one)
              --rx-netns NAME        the receiver's network namespace (needed for faults)
              --net-netns NAME       the router's network namespace, between sender and receiver (needed for faults)
              --device stx           the sender's device towards the router, in this namespace
              --net-device rtb       the router's device towards the receiver
              --gateway 10.77.0.2    the router's address on the sender's link (the route is set again after link up)
              --local 10.77.0.1      the sender's address (127.0.0.1 with --no-faults)
              --to 10.77.1.2:5004    the receiver (127.0.0.1:5004 with --no-faults)
              --loss-pct 5           loss stretches: share dropped at the receiver's input hook
              --reorder-pct 5        reorder stretches: share steered into the slow HTB class
              --tbf-share 0.25       tbf stretches: the bucket's rate over the media rate
              --mtu 1000             MTU stretches: the device's MTU
              --gc-every S           seconds between heap-after-GC samples (default: a 20th of the run, 3..30)
              --heap-tolerance-mb 8 --rss-tolerance-mb 32 --direct-tolerance-mb 2
                                     allowed growth of the second half's peak over the first half's (pools
                                     grow to the largest backlog a fault made, which may come in either half)
              --no-faults            no faults (runs anywhere, on loopback)
            exit code 0: every check held; 1: a check failed; 2: bad options or environment
            """;

    static SoakOptions parse(String[] args) {
        int seconds = 600;
        double rateMbps = 200;
        int fps = 30;
        double keyframeSeconds = 2;
        double keyframeFactor = 4;
        double bufferSeconds = 3;
        boolean faults = true;
        String netns = null;
        String routerNetns = null;
        String device = "stx";
        String routerDevice = "rtb";
        String gateway = "10.77.0.2";
        String local = null;
        String to = null;
        double loss = 5;
        double reorder = 5;
        double tbfShare = 0.25;
        int mtu = 1000;
        int gcEvery = 0;
        double heapTolerance = 8;
        double rssTolerance = 32;
        double directTolerance = 2;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                System.out.print(USAGE);
                System.exit(0);
            }
            if (name.equals("--no-faults")) {
                faults = false;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value (try --help)");
            }
            String value = args[++i];
            try {
                switch (name) {
                    case "--seconds" -> seconds = Integer.parseInt(value);
                    case "--rate-mbps" -> rateMbps = Double.parseDouble(value);
                    case "--fps" -> fps = Integer.parseInt(value);
                    case "--keyframe-every" -> keyframeSeconds = Double.parseDouble(value);
                    case "--keyframe-factor" -> keyframeFactor = Double.parseDouble(value);
                    case "--buffer-seconds" -> bufferSeconds = Double.parseDouble(value);
                    case "--rx-netns" -> netns = value;
                    case "--net-netns" -> routerNetns = value;
                    case "--device" -> device = value;
                    case "--net-device" -> routerDevice = value;
                    case "--gateway" -> gateway = value;
                    case "--local" -> local = value;
                    case "--to" -> to = value;
                    case "--loss-pct" -> loss = Double.parseDouble(value);
                    case "--reorder-pct" -> reorder = Double.parseDouble(value);
                    case "--tbf-share" -> tbfShare = Double.parseDouble(value);
                    case "--mtu" -> mtu = Integer.parseInt(value);
                    case "--gc-every" -> gcEvery = Integer.parseInt(value);
                    case "--heap-tolerance-mb" -> heapTolerance = Double.parseDouble(value);
                    case "--rss-tolerance-mb" -> rssTolerance = Double.parseDouble(value);
                    case "--direct-tolerance-mb" -> directTolerance = Double.parseDouble(value);
                    default -> throw new IllegalArgumentException("unknown option " + name + " (try --help)");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": not a number: " + value);
            }
        }
        if (seconds < 20) {
            throw new IllegalArgumentException("--seconds must be at least 20, was " + seconds);
        }
        if (!(rateMbps >= 1 && rateMbps <= 5_000)) {
            throw new IllegalArgumentException("--rate-mbps must be 1..5000, was " + rateMbps);
        }
        if (fps < 1 || 90_000 % fps != 0) {
            throw new IllegalArgumentException("--fps must divide 90000, was " + fps);
        }
        if (!(loss >= 0 && loss <= 100) || !(reorder >= 0 && reorder <= 100) || !(tbfShare > 0 && tbfShare < 1)) {
            throw new IllegalArgumentException("need --loss-pct and --reorder-pct in 0..100 and --tbf-share in (0, 1)");
        }
        if (mtu < 576 || mtu >= 1200 + 28) {
            throw new IllegalArgumentException("--mtu must be 576..1227 (below a 1200-byte datagram), was " + mtu);
        }
        if (gcEvery == 0) {
            gcEvery = Math.max(3, Math.min(30, seconds / 20));
        } else if (gcEvery < 1) {
            throw new IllegalArgumentException("--gc-every must be >= 1 s, was " + gcEvery);
        }
        try {
            InetAddress localAddress = InetAddress.getByName(local != null ? local : faults ? "10.77.0.1" : "127.0.0.1");
            InetSocketAddress toAddress = socketAddress(to != null ? to : faults ? "10.77.1.2:5004" : "127.0.0.1:5004");
            return new SoakOptions(seconds, (long) (rateMbps * 1e6), fps, keyframeSeconds, keyframeFactor, bufferSeconds,
                    faults, netns, routerNetns, device, routerDevice, InetAddress.getByName(gateway), localAddress,
                    toAddress, loss, reorder, tbfShare, mtu, gcEvery,
                    (long) (heapTolerance * MIB), (long) (rssTolerance * MIB), (long) (directTolerance * MIB));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host: " + e.getMessage());
        }
    }

    /** Why the faults cannot be applied here, or null. */
    String environmentProblem() {
        if (!faults) {
            return null;
        }
        if (receiverNetns == null || routerNetns == null) {
            return "faults need --rx-netns and --net-netns (the receiver's and the router's namespaces); "
                    + "bench/scripts/soak.sh sets everything up, or pass --no-faults";
        }
        if (!Netns.isolated()) {
            return "faults take links down and change qdiscs: the JVM must run inside its own network namespace "
                    + "(ip netns exec; bench/scripts/soak.sh does it), not the host's; or pass --no-faults";
        }
        for (String ns : new String[] {receiverNetns, routerNetns}) {
            if (!Netns.exists(ns)) {
                return "no network namespace named " + ns;
            }
        }
        if (!Files.exists(Path.of("/sys/class/net", device))) {
            return "no device " + device + " in this namespace";
        }
        for (String tool : new String[] {"ip", "tc", "nft"}) {
            if (!Files.isExecutable(Path.of(SoakFaults.which(tool)))) {
                return tool + " not found";
            }
        }
        return null;
    }

    private static InetSocketAddress socketAddress(String hostPort) throws UnknownHostException {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("--to needs HOST:PORT, was " + hostPort);
        }
        return new InetSocketAddress(InetAddress.getByName(hostPort.substring(0, colon)),
                Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
