package io.salvo.bench;

import io.salvo.bench.SoakFaults.Fault;
import io.salvo.bench.SoakSchedule.Stretch;
import io.salvo.packetizer.H264Packetizer;
import io.salvo.packetizer.RtpStream;
import io.salvo.pacer.PriorityClass;
import io.salvo.sender.DatagramSenders;
import io.salvo.sender.RetransmissionConfig;
import io.salvo.sender.RtcpConfig;
import io.salvo.sender.SenderOptions;
import io.salvo.sender.Transmitter;
import io.salvo.sender.TransmitterConfig;
import io.salvo.sender.TransmitterStats;
import io.salvo.sender.TransmitterStream;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A long run of one transmitter under faults: synthetic H.264 video at a high rate (default pacer,
 * RTCP multiplexed, NACKs answered with RTX) through a router namespace to a receiver in a third
 * network namespace (veth pairs), while a schedule of faults plays twice: loss, reordering, a
 * token bucket below the rate, link down, MTU drop, receiver gone, with quiet stretches between.
 * Every second it prints a line and checks that {@code submitted == sent + dropped + queued},
 * that the queue and the handoff stay bounded, that no frame was released twice and that every
 * slice start still carried its own frame's bytes when sent; it fails at once if not. At the end
 * it checks that every frame handed over was released exactly once, that heap after GC, RSS and
 * direct memory of the second half do not exceed the first half's (within a tolerance), and that
 * traffic flowed again in each quiet stretch after a fault. Exit code 0 only when every check
 * held; 1 when one failed; 2 for bad options or an environment that cannot run it.
 *
 * <p>Faults need the JVM inside a network namespace of its own: {@code bench/scripts/soak.sh}
 * makes the three namespaces and the veth pairs and starts it there. {@code --no-faults} runs on
 * loopback anywhere.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.salvo.bench.Soak --seconds 600 --rate-mbps 200
 *     --rx-netns RX --net-netns NET --device stx --net-device rtb --gateway 10.77.0.2
 *     --local 10.77.0.1 --to 10.77.1.2:5004</pre>
 */
public final class Soak {
    static final int MEDIA_PT = 96;
    static final int RTX_PT = 97;
    /** Media bytes in one datagram: 1200 less the RTP header and the FU-A indicator and header. */
    private static final int PAYLOAD_PER_DATAGRAM = 1200 - 12 - 2;

    private final SoakOptions o;
    private final SoakSchedule schedule;
    private final SoakMemory memory;
    private Transmitter transmitter;
    private SoakReceiver receiver;
    private SoakFrames frames;
    private SoakFaults faults;
    private SoakLedger ledger;

    private Soak(SoakOptions options) {
        this.o = options;
        this.schedule = new SoakSchedule(options.seconds(), options.faults());
        this.memory = new SoakMemory(options.seconds());
    }

    /** Runs the soak; exits 0 when every check held, 1 when one failed, 2 when it could not run. */
    public static void main(String[] args) throws Exception {
        SoakOptions options;
        try {
            options = SoakOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        String problem = options.environmentProblem();
        if (problem != null) {
            System.err.println("error: " + problem);
            System.exit(2);
            return;
        }
        int status;
        try {
            status = new Soak(options).run();
        } catch (Exception | Error e) {
            e.printStackTrace();
            status = 2;
        }
        System.exit(status);
    }

    private int run() throws Exception {
        setUp();
        printHeader();
        SoakFailure failure = null;
        boolean broken = false;
        Fault active = Fault.QUIET;
        try {
            receiver.open();
            frames.start();
            long t0 = System.nanoTime();
            ledger.begin(t0);
            int stretch = -1;
            for (int second = 1; second <= o.seconds(); second++) {
                long secondEnd = t0 + second * 1_000_000_000L;
                while (true) {
                    long now = System.nanoTime();
                    int want = schedule.indexAt((now - t0) / 1e9);
                    if (want != stretch) {
                        Fault next = schedule.stretches().get(want).fault();
                        ledger.stretchBegins(want, (now - t0) / 1e9);
                        String cleared = "";
                        if (next != active) {
                            cleared = faults.clear(active);
                            faults.apply(next);
                            active = next;
                        }
                        stretch = want;
                        System.out.printf(Locale.ROOT, "[%6.1f s] %s: %s%s%n", (now - t0) / 1e9, next.label,
                                faults.describe(next), cleared.isEmpty() ? "" : " (before: " + cleared + ")");
                    }
                    if (now >= secondEnd) {
                        break;
                    }
                    LockSupport.parkNanos(Math.min(100_000_000L, secondEnd - now));
                }
                everySecond(second, stretch);
            }
        } catch (SoakFailure e) {
            failure = e;
        } catch (IOException e) {
            // a fault command failed: the environment, not salvo; still close and report what ran
            failure = new SoakFailure("could not run the schedule: " + e.getMessage());
            broken = true;
        } finally {
            try {
                faults.clear(active);
            } catch (Exception e) {
                System.out.println("could not clear " + active.label + ": " + e.getMessage());
            }
        }
        int status = finish(failure);
        return broken ? 2 : status;
    }

    private void setUp() throws Exception {
        long bytesPerSecond = o.rateBps() / 8;
        InetSocketAddress to = o.to();
        transmitter = Transmitter.start(
                DatagramSenders.open(new InetSocketAddress(o.local(), 0), null, new SenderOptions().receiveErrors(true)),
                TransmitterConfig.builder().rtcp(RtcpConfig.builder().mux(true).build()).build());
        RtpStream rtp = RtpStream.builder(MEDIA_PT, 90_000).build();
        TransmitterStream video = transmitter.addStream("soak", H264Packetizer.builder(rtp).build(), PriorityClass.VIDEO,
                RetransmissionConfig.rtx(RTX_PT).build(), to);
        video.meanRateHint(o.rateBps());
        int maxFrames = o.seconds() * o.fps() + o.fps();
        frames = new SoakFrames(transmitter, video, bytesPerSecond, o.fps(), o.keyframeSeconds(), o.keyframeFactor(),
                o.bufferSeconds(), maxFrames);
        receiver = new SoakReceiver(to, o.faults() ? o.receiverNetns() : null, MEDIA_PT, RTX_PT, frames.ticksPerFrame());
        faults = new SoakFaults(o.receiverNetns(), o.routerNetns(), o.device(), o.routerDevice(), o.gateway(), to,
                o.lossPercent(), o.reorderPercent(), o.rateBps(), o.tbfShare(), o.mtu(), receiver, transmitter.sender());
        long queueBound = TransmitterConfig.builder().build().maxQueuedPackets()
                + 2L * (frames.keyframeBytes() / PAYLOAD_PER_DATAGRAM + 2) + RetransmissionConfig.rtx(RTX_PT).build()
                .maxHistoryPackets();
        ledger = new SoakLedger(transmitter, receiver, frames, memory, schedule, queueBound,
                frames.bufferCount(), bytesPerSecond / PAYLOAD_PER_DATAGRAM);
    }

    private void printHeader() {
        System.out.printf(Locale.ROOT, "salvo soak: %d s at %.0f Mbit/s of H.264 (%d fps, keyframe %.0fx every %.1f s), "
                        + "default pacer, RTCP (mux) and RTX; %s -> %s%s%n", o.seconds(), o.rateBps() / 1e6, o.fps(),
                o.keyframeFactor(), o.keyframeSeconds(), o.local().getHostAddress(), o.to(),
                o.faults() ? " from " + o.device() + " through namespace " + o.routerNetns() + " into namespace "
                        + o.receiverNetns() : " (no faults)");
        System.out.printf(Locale.ROOT, "frame buffers: %d direct (%s); JVM heap max %s; pid %d%n", frames.bufferCount(),
                SoakMemory.mib(frames.bufferBytes()), SoakMemory.mib(Runtime.getRuntime().maxMemory()),
                ProcessHandle.current().pid());
        System.out.println("schedule:");
        for (Stretch s : schedule.stretches()) {
            System.out.printf(Locale.ROOT, "  %6.1f - %6.1f s  %-13s %s%n", s.from(), s.to(), s.fault().label,
                    faults.describe(s.fault()));
        }
        if (o.faults() && o.reorderPercent() > 0) {
            System.out.println("  (reordering is made without netem, which kernels may lack (this one's config has no"
                    + " CONFIG_NET_SCH_NETEM): datagrams held behind the slow HTB class arrive after later ones)");
        }
        System.out.println(SoakLedger.LINE_HEADER);
    }

    private void everySecond(int second, int stretch) throws SoakFailure {
        memory.sample(second);
        if (second == schedule.warmupEnd() || second == o.seconds() / 2 || second % o.gcEverySeconds() == 0) {
            memory.collect(second);
        }
        SoakLedger.Second line = ledger.second(second, stretch);
        System.out.println(line.text());
        if (second % 40 == 0) {
            System.out.println(SoakLedger.LINE_HEADER);
        }
        ledger.checkSecond(line);
    }

    /** Stops producing, lets the queue drain, closes, runs the final checks and prints the summary. */
    private int finish(SoakFailure failure) throws Exception {
        frames.stop();
        boolean drained = transmitter.awaitDrained(20, TimeUnit.SECONDS);
        Thread.sleep(1_000); // the last packets, resends and reports reach the receiver
        if (failure == null) {
            memory.collect(o.seconds());
        }
        SoakLedger.Mark end = ledger.mark(-1, o.seconds());
        transmitter.close();
        TransmitterStats last = transmitter.stats();
        receiver.close();
        SoakReport report = new SoakReport(o, schedule, memory, ledger, frames, receiver, faults, transmitter);
        return report.print(failure, drained, end, last);
    }

    /** A check that failed; the run stops. */
    static final class SoakFailure extends Exception {
        SoakFailure(String message) {
            super(message, null, false, false);
        }
    }
}
