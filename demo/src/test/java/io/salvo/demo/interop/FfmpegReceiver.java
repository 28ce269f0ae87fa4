package io.salvo.demo.interop;

import static org.junit.jupiter.api.Assertions.fail;

import io.salvo.rtcp.Bye;
import io.salvo.srtp.SrtpKeys;
import io.salvo.srtp.SrtpSender;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * ffmpeg receiving RTP from an SDP file and decoding it:
 * {@code ffmpeg -protocol_whitelist file,udp,rtp -buffer_size 4194304 -i SDP OUTPUTS}. It is
 * ready once its UDP port shows up in {@code /proc/net/udp}, and ends on an RTCP BYE.
 */
final class FfmpegReceiver implements AutoCloseable {
    private static final String LOG = "receiver.log";
    private final Path dir;
    private final int port;
    private final Process process;

    private FfmpegReceiver(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Starts ffmpeg in {@code dir} on {@code sdp} (which names {@code port}), writing {@code outputs}. */
    static FfmpegReceiver start(Path dir, String sdp, int port, List<String> outputs) throws Exception {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error",
                "-y", "-protocol_whitelist", "file,udp,rtp", "-buffer_size", "4194304", "-i", sdp));
        command.addAll(outputs);
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(LOG).toFile()).start();
        FfmpegReceiver receiver = new FfmpegReceiver(dir, port, process);
        try {
            receiver.awaitBound();
        } catch (Throwable e) {
            receiver.close();
            throw e;
        }
        return receiver;
    }

    /** Polls /proc/net/udp{,6} until a socket is bound to the port. */
    private void awaitBound() throws Exception {
        String needle = String.format(Locale.ROOT, ":%04X ", port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (String table : new String[] {"/proc/net/udp", "/proc/net/udp6"}) {
                Path path = Path.of(table);
                if (Files.exists(path)) {
                    for (String line : Files.readAllLines(path)) {
                        String[] columns = line.trim().split("\\s+");
                        if (columns.length > 1 && (columns[1] + " ").contains(needle)) {
                            return;
                        }
                    }
                }
            }
            if (!process.isAlive()) {
                fail("ffmpeg exited before binding port " + port + ": " + log());
            }
            Thread.sleep(20);
        }
        fail("ffmpeg did not bind UDP port " + port + " within 20 s: " + log());
    }

    /**
     * Sends an RTCP BYE for each of {@code ssrcs}, the i-th to the RTCP port of the i-th stream
     * (port + 2i + 1; ffmpeg ends when every stream has had one), and waits for ffmpeg to finish cleanly.
     */
    void finish(long... ssrcs) throws Exception {
        finish(null, ssrcs);
    }

    /**
     * As {@link #finish(long...)}, with each BYE protected as SRTCP under {@code srtp} (null: in
     * clear), which ffmpeg unprotects with the SDP's key; a BYE in clear it would drop.
     */
    void finish(SrtpKeys srtp, long... ssrcs) throws Exception {
        // ffmpeg ignores RTCP datagrams under 12 bytes: a reason makes the BYE 24 bytes long
        String reason = "end of stream";
        try (DatagramChannel channel = DatagramChannel.open();
             SrtpSender protect = srtp == null ? null : new SrtpSender(srtp)) {
            for (int i = 0; i < ssrcs.length; i++) {
                ByteBuffer bye = ByteBuffer.allocate(Bye.length(reason.length()));
                int length = Bye.write(bye, 0, ssrcs[i], reason);
                if (protect != null) {
                    ByteBuffer sealed = ByteBuffer.allocate(length + srtp.profile().rtcpOverhead());
                    protect.protectRtcp(bye, 0, length, sealed, 0);
                    bye = sealed;
                }
                channel.send(bye, new InetSocketAddress(LoopbackPorts.LOOPBACK, port + 2 * i + 1));
            }
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            fail("ffmpeg did not end after the RTCP BYE; log: " + log());
        }
        if (process.exitValue() != 0) {
            fail("ffmpeg receiver exited with " + process.exitValue() + ": " + log());
        }
    }

    /** What ffmpeg printed. */
    String log() throws IOException {
        Path log = dir.resolve(LOG);
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
