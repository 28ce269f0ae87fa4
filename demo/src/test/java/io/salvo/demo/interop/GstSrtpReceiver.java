package io.salvo.demo.interop;

import io.salvo.srtp.SrtpKeys;
import io.salvo.srtp.SrtpProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

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
    private final GstScript script;
    private final Path md5;

    private GstSrtpReceiver(GstScript script, Path md5) {
        this.script = script;
        this.md5 = md5;
    }

    static void assumeAvailable() {
        GstScript.assumeAvailable(List.of(), List.of("srtpdec", "avdec_h264"),
                "python3-gst-1.0, gstreamer1.0-plugins-bad, gstreamer1.0-libav");
    }

    /**
     * Starts the receiver on loopback {@code port} (SRTCP on the next) for the stream of
     * {@code ssrc} encrypted under {@code keys}. Returns once its sockets listen.
     */
    static GstSrtpReceiver start(Path dir, int port, long ssrc, SrtpKeys keys) throws IOException, InterruptedException {
        Path md5 = Files.createTempFile(dir, "received", ".md5");
        byte[] keyAndSalt = new byte[keys.profile().masterKeyLength() + keys.profile().masterSaltLength()];
        System.arraycopy(keys.masterKey(), 0, keyAndSalt, 0, keys.profile().masterKeyLength());
        System.arraycopy(keys.masterSalt(), 0, keyAndSalt, keys.profile().masterKeyLength(), keys.profile().masterSaltLength());
        List<String> arguments = List.of("--port", String.valueOf(port),
                "--ssrc", String.valueOf(ssrc), "--key-hex", HexFormat.of().formatHex(keyAndSalt),
                "--cipher", cipher(keys.profile()), "--auth", auth(keys.profile()), "--rtcp-auth",
                rtcpAuth(keys.profile()), "--out", md5.toString());
        return new GstSrtpReceiver(GstScript.start(dir, "gst_srtp_receiver.py", arguments, Function.identity(),
                "the GStreamer SRTP receiver"), md5);
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
        return script.finish(60);
    }

    /** The decoded frames' MD5s, in order. */
    List<String> frameHashes() throws IOException {
        return Files.readAllLines(md5).stream().filter(line -> !line.isBlank()).toList();
    }

    @Override
    public void close() throws InterruptedException {
        script.close();
    }
}
