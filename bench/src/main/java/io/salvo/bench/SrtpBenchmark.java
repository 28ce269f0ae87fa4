package io.salvo.bench;

import io.salvo.rtp.OutputMessage;
import io.salvo.rtp.RtpHeader;
import io.salvo.srtp.CryptoBackend;
import io.salvo.srtp.SrtpKeys;
import io.salvo.srtp.SrtpProfile;
import io.salvo.srtp.SrtpReceiver;
import io.salvo.srtp.SrtpSender;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * SRTP protection of a 1200-byte RTP packet (12-byte header in a direct header slot, 1188-byte
 * payload a view of a direct frame buffer, as a packetizer hands it over) into a direct output
 * slot, per profile and crypto backend. {@code protect}: one SRTP packet, a new sequence number
 * each time. {@code protectAndUnprotect}: the same, then checked and decrypted in place by a
 * receiver (a packet can be unprotected only once, so unprotect is measured together with the
 * protect that makes a fresh one: unprotect ≈ the difference). {@code -prof gc} shows 0 B/op for
 * every pair but JCE with AES-GCM, whose {@code Cipher.init} per packet allocates.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SrtpBenchmark {
    private static final long SSRC = 0x5A17_0001L;
    private static final int HEADER = 12;
    private static final int PAYLOAD = 1188;

    @Param({"AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32", "AEAD_AES_128_GCM", "AEAD_AES_256_GCM"})
    public SrtpProfile profile;

    @Param({"JCE", "OPENSSL"})
    public CryptoBackend backend;

    private final ByteBuffer header = ByteBuffer.allocateDirect(256);
    private final ByteBuffer frame = ByteBuffer.allocateDirect(64 * 1024);
    private final ByteBuffer out = ByteBuffer.allocateDirect(2048);
    private final OutputMessage message = new OutputMessage();
    private SrtpSender sender;
    private SrtpReceiver receiver;
    private int sequenceNumber;
    private long timestamp;

    @Setup
    public void setUp() {
        if (!backend.isAvailable()) {
            throw new IllegalStateException(backend + " unavailable: " + backend.unavailableReason());
        }
        for (int i = 0; i < frame.capacity(); i++) {
            frame.put(i, (byte) (i * 31));
        }
        message.add(header, 0, HEADER).add(frame, 4000, PAYLOAD);
        SrtpKeys keys = SrtpKeys.random(profile);
        sender = new SrtpSender(keys, backend);
        receiver = new SrtpReceiver(keys, backend);
    }

    @TearDown
    public void tearDown() {
        sender.close();
        receiver.close();
    }

    @Benchmark
    public int protect() {
        RtpHeader.write(header, 0, 0, false, 96, sequenceNumber++, timestamp += 3000, SSRC);
        return sender.protectRtp(message, out, 0);
    }

    @Benchmark
    public int protectAndUnprotect() {
        RtpHeader.write(header, 0, 0, false, 96, sequenceNumber++, timestamp += 3000, SSRC);
        int length = sender.protectRtp(message, out, 0);
        return receiver.unprotectRtp(out, 0, length);
    }
}
