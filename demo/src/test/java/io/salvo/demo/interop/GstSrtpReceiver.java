package io.salvo.demo.interop;

import static org.junit.jupiter.api.Assertions.fail;

import io.salvo.srtp.SrtpKeys;
import io.salvo.srtp.SrtpProfile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * GStreamer's {@code srtpdec} decrypting SRTP H.264 and SRTCP, as {@code gst_srtp_receiver.py}
 * runs it (through Python's GObject bindings, so that the end of the stream is a clean EOS and
 * srtpdec's counts can be read): the key is given in the caps of the two {@code udpsrc}s as
 * GStreamer wants it, {@code srtp-key} = master key || master salt (16 + 14, 16 + 12 or 32 + 12
 * bytes) with {@code srtp-cipher}/{@code srtp-auth} named its way ({@code aes-128-gcm} and auth
 * {@code null} for AEAD_AES_128_GCM). It decodes H.264, writes each frame's MD5 and ends with a
 * JSON line of its counts. Without {@code /usr/bin/python3}, its GStreamer bindings and srtpdec
 * (gst-plugins-bad) the test is skipped (fails under {@code CI=true}).
 */
final class GstSrtpReceiver implements AutoCloseable {
    private static final String PYTHON = "/usr/bin/python3";
    private static Boolean available;

    private final Process process;
    private final Path out;
    private final Path md5;

    private GstSrtpReceiver(Process process, Path out, Path md5) {
        this.process = process;
        this.out = out;
        this.md5 = md5;
    }

    static synchronized void assumeAvailable() {
        if (available == null) {
            available = works();
        }
        if (!available) {
            String message = PYTHON + " with GStreamer's Python bindings (python3-gst-1.0), srtpdec (gst-plugins-bad) "
                    + "and avdec_h264 not found";
            if ("true".equals(System.getenv("CI"))) {
                fail(message + ", and CI=true requires them");
            }
            Assumptions.abort(message + ": skipping");
        }
    }

    /**
     * Starts the receiver on loopback {@code port} (SRTCP on the next) for the stream of
     * {@code ssrc} encrypted under {@code keys}. Returns once its sockets listen.
     */
    static GstSrtpReceiver start(Path dir, int port, long ssrc, SrtpKeys keys) throws IOException, InterruptedException {
        Path script = dir.resolve("gst_srtp_receiver.py");
        try (InputStream in = GstSrtpReceiver.class.getResourceAsStream("gst_srtp_receiver.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Path md5 = Files.createTempFile(dir, "received", ".md5");
        Path out = Files.createTempFile(dir, "gst-srtp", ".txt");
        byte[] keyAndSalt = new byte[keys.profile().masterKeyLength() + keys.profile().masterSaltLength()];
        System.arraycopy(keys.masterKey(), 0, keyAndSalt, 0, keys.profile().masterKeyLength());
        System.arraycopy(keys.masterSalt(), 0, keyAndSalt, keys.profile().masterKeyLength(), keys.profile().masterSaltLength());
        List<String> command = List.of(PYTHON, script.toString(), "--port", String.valueOf(port),
                "--ssrc", String.valueOf(ssrc), "--key-hex", HexFormat.of().formatHex(keyAndSalt),
                "--cipher", cipher(keys.profile()), "--auth", auth(keys.profile()), "--rtcp-auth",
                rtcpAuth(keys.profile()), "--out", md5.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        GstSrtpReceiver receiver = new GstSrtpReceiver(process, out, md5);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.readString(out, StandardCharsets.UTF_8).contains("LISTENING")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                receiver.close();
                fail("the GStreamer SRTP receiver did not start: " + Files.readString(out, StandardCharsets.UTF_8));
            }
            Thread.sleep(50);
        }
        return receiver;
    }

    /** GStreamer's name of the profile's cipher (GstSrtpCipherType). */
    private static String cipher(SrtpProfile profile) {
        return switch (profile) {
            case AES_CM_128_HMAC_SHA1_80, AES_CM_128_HMAC_SHA1_32 -> "aes-128-icm";
            case AEAD_AES_128_GCM -> "aes-128-gcm";
            case AEAD_AES_256_GCM -> "aes-256-gcm";
        };
    }

    /** GStreamer's name of the profile's SRTP authentication (GstSrtpAuthType): null for GCM, whose tag is its own. */
    private static String auth(SrtpProfile profile) {
        return switch (profile) {
            case AES_CM_128_HMAC_SHA1_80 -> "hmac-sha1-80";
            case AES_CM_128_HMAC_SHA1_32 -> "hmac-sha1-32";
            case AEAD_AES_128_GCM, AEAD_AES_256_GCM -> "null";
        };
    }

    /** The same for SRTCP, whose HMAC-SHA1 tag is 80 bits in both AES-CM profiles (RFC 4568 §6.2.2). */
    private static String rtcpAuth(SrtpProfile profile) {
        return auth(profile).equals("null") ? "null" : "hmac-sha1-80";
    }

    /** Waits for the receiver to end (its idle time after the last packet, then EOS); returns its counts line. */
    String finish() throws IOException, InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            close();
            fail("the GStreamer SRTP receiver did not end: " + Files.readString(out, StandardCharsets.UTF_8));
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(\\{.*\\})").matcher(output);
        if (!m.find()) {
            fail("no counts from the GStreamer SRTP receiver: " + output);
        }
        return m.group(1);
    }

    /** The decoded frames' MD5s, in order. */
    List<String> frameHashes() throws IOException {
        return Files.readAllLines(md5).stream().filter(line -> !line.isBlank()).toList();
    }

    private static boolean works() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import gi; gi.require_version('Gst', '1.0'); "
                    + "from gi.repository import Gst; Gst.init(None); "
                    + "assert Gst.ElementFactory.find('srtpdec') and Gst.ElementFactory.find('avdec_h264')")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
