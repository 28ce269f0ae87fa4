package io.salvo.bench;

import io.salvo.rtp.OutputMessage;
import io.salvo.rtp.RtpHeader;
import io.salvo.srtp.CryptoBackend;
import io.salvo.srtp.SrtpKeys;
import io.salvo.srtp.SrtpProfile;
import io.salvo.srtp.SrtpReceiver;
import io.salvo.srtp.SrtpSender;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;

/**
 * {@link SrtpBenchmark}'s two operations timed in thread CPU time, the best of 20 rounds of
 * 50,000 packets: on a shared machine, where wall-clock JMH scores swing with the neighbours,
 * the CPU time a thread spends per packet is the steadier figure to compare backends with.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.salvo.bench.SrtpCpuTime
 * </pre>
 */
public final class SrtpCpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int ROUNDS = 20;
    private static final int PACKETS = 50_000;
    private static final long SSRC = 0x5A17_0001L;

    private SrtpCpuTime() {
    }

    /** Prints ns per packet for every profile and available backend. */
    public static void main(String[] args) {
        System.out.printf("%-25s %-8s %12s %22s%n", "profile", "backend", "protect ns", "protect+unprotect ns");
        for (SrtpProfile profile : SrtpProfile.values()) {
            for (CryptoBackend backend : CryptoBackend.values()) {
                if (!backend.isAvailable()) {
                    System.out.printf("%-25s %-8s unavailable: %s%n", profile, backend, backend.unavailableReason());
                    continue;
                }
                double[] ns = measure(profile, backend);
                System.out.printf("%-25s %-8s %12.0f %22.0f%n", profile, backend, ns[0], ns[1]);
            }
        }
    }

    private static double[] measure(SrtpProfile profile, CryptoBackend backend) {
        ByteBuffer header = ByteBuffer.allocateDirect(256);
        ByteBuffer frame = ByteBuffer.allocateDirect(8192);
        ByteBuffer out = ByteBuffer.allocateDirect(2048);
        OutputMessage message = new OutputMessage().add(header, 0, 12).add(frame, 1000, 1188);
        SrtpKeys keys = SrtpKeys.random(profile);
        long protect = Long.MAX_VALUE;
        long roundTrip = Long.MAX_VALUE;
        try (SrtpSender alone = new SrtpSender(keys, backend); SrtpSender sender = new SrtpSender(keys, backend);
             SrtpReceiver receiver = new SrtpReceiver(keys, backend)) {
            int aloneSequence = 0;
            int sequence = 0;
            for (int round = 0; round < ROUNDS; round++) {
                long start = THREADS.getCurrentThreadCpuTime();
                for (int i = 0; i < PACKETS; i++) {
                    RtpHeader.write(header, 0, 0, false, 96, aloneSequence++, 0, SSRC);
                    alone.protectRtp(message, out, 0);
                }
                protect = Math.min(protect, THREADS.getCurrentThreadCpuTime() - start);
                start = THREADS.getCurrentThreadCpuTime();
                for (int i = 0; i < PACKETS; i++) {
                    RtpHeader.write(header, 0, 0, false, 96, sequence++, 0, SSRC);
                    int length = sender.protectRtp(message, out, 0);
                    if (receiver.unprotectRtp(out, 0, length) < 0) {
                        throw new IllegalStateException("unprotect failed at sequence number " + (sequence - 1));
                    }
                }
                roundTrip = Math.min(roundTrip, THREADS.getCurrentThreadCpuTime() - start);
            }
        }
        return new double[]{protect / (double) PACKETS, roundTrip / (double) PACKETS};
    }
}
