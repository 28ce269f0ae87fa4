package io.salvo.demo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.demo.cli.Clips.Clip;
import io.salvo.demo.receive.JsonParser;
import io.salvo.srtp.SrtpKeys;
import io.salvo.srtp.SrtpProfile;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code salvo stream --srtp} to {@code salvo receive --srtp-key}, both command lines in this
 * process: under the stream's key every packet authenticates and is counted, the Sender Reports
 * are read as SRTCP and the receiver reports go back as SRTCP that the stream accepts; under
 * another key every packet is rejected as {@code AUTH_FAILED}. And the SDP of {@code --srtp}.
 */
class SrtpCliTest {
    private static final Pattern CRYPTO = Pattern.compile("a=crypto:1 (\\S+) inline:(\\S+)\r\n");

    @TempDir
    static Path dir;
    private static Clips clips;

    @BeforeAll
    static void clips() {
        clips = new Clips(dir);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void shouldCountEveryPacketUnderTheStreamsKeyAndRejectEveryOneUnderAnother(SrtpProfile profile) throws Exception {
        SrtpKeys keys = SrtpKeys.random(profile);
        String key = profile.sdpName() + ":" + keys.sdesInline();
        String wrongKey = SrtpKeys.random(profile).sdesInline();
        int port = Receiver.freePort();
        int otherPort = Receiver.freePort();
        Cli.Running right = Cli.start("receive", "--port", String.valueOf(port), "--idle", "1", "--json",
                "--srtp-key", key).awaitErr("listening for RTP on").awaitErr(", SRTP " + profile.sdpName() + ",");
        Cli.Running wrong = Cli.start("receive", "--port", String.valueOf(otherPort), "--idle", "1", "--json",
                "--srtp-key", profile.sdpName() + ":inline:" + wrongKey).awaitErr("listening for RTP on");

        Cli.Result stream = Cli.run("stream", "sample", "--to", "127.0.0.1:" + port, "--to", "127.0.0.1:" + otherPort,
                "--srtp-key", key, "--speed", "8", "--linger", "1");

        assertEquals(0, stream.exitCode(), stream.describe());
        long sent = stream.packetsSent() / 2; // to each destination
        assertTrue(stream.out().contains("\n  srtp      " + profile.sdpName() + " on "), stream.out());
        assertFalse(stream.out().contains(keys.sdesInline()), "never the key: " + stream.out());
        assertFalse(stream.out().contains("refused by SRTCP"), "the receiver reports authenticate: " + stream.out());
        assertTrue(stream.out().contains("\n  receiver  SSRC "), "the right receiver's reports came back: " + stream.out());

        Map<String, Object> good = json(right.result());
        Map<String, Object> srtp = object(good, "srtp");
        assertEquals(sent, good.get("packets"), good.toString());
        assertEquals(0L, good.get("lost"));
        assertEquals(0L, good.get("not_rtp"));
        assertEquals(true, srtp.get("enabled"));
        assertEquals(profile.sdpName(), srtp.get("profile"));
        assertEquals(sent, srtp.get("rtp_authenticated"), srtp.toString());
        assertEquals(0L, srtp.get("rtp_rejected"), srtp.toString());
        assertEquals(0L, srtp.get("rtcp_rejected"), srtp.toString());
        assertTrue((Long) srtp.get("rtcp_authenticated") >= 2, "the SRs and the BYE: " + srtp);
        assertTrue((Long) srtp.get("rtcp_protected") >= 1, "receiver reports sent as SRTCP: " + srtp);
        assertEquals(srtp.get("rtcp_authenticated"), object(good, "rtcp_session").get("datagrams"));

        Map<String, Object> bad = json(wrong.result());
        Map<String, Object> rejected = object(bad, "srtp");
        assertEquals(0L, bad.get("packets"), bad.toString());
        assertEquals(0L, rejected.get("rtp_authenticated"));
        assertEquals(sent, rejected.get("rtp_rejected"), rejected.toString());
        assertEquals(Map.of("AUTH_FAILED", sent), rejected.get("rtp_rejected_errors"));
        assertEquals(0L, rejected.get("rtcp_authenticated"));
        assertTrue((Long) rejected.get("rtcp_rejected") >= 1, "the SRs fail too: " + rejected);
        assertEquals(rejected.get("rtcp_rejected"), ((Map<?, ?>) rejected.get("rtcp_rejected_errors")).get("AUTH_FAILED"));
    }

    @Test
    void shouldSayInTheTextSummaryThatEveryPacketFailedAuthentication() throws Exception {
        int port = Receiver.freePort();
        Cli.Running receive = Cli.start("receive", "--port", String.valueOf(port), "--idle", "1",
                "--srtp-key", "AES_CM_128_HMAC_SHA1_80:" + SrtpKeys.random(SrtpProfile.AES_CM_128_HMAC_SHA1_80).sdesInline())
                .awaitErr("listening for RTP on");
        Cli.Result stream = Cli.run("stream", "sample", "--to", "127.0.0.1:" + port, "--srtp", "--fast", "--no-rtcp");
        assertEquals(0, stream.exitCode(), stream.describe());
        assertEquals(List.of("note: --srtp without --sdp or --srtp-key: the random keys are written nowhere, so no "
                + "receiver can decrypt the streams"), stream.errLinesBesidesProgress());

        Cli.Result result = receive.result();
        long sent = stream.packetsSent();
        assertEquals(List.of("no RTP packets arrived",
                "SRTP AES_CM_128_HMAC_SHA1_80 on JDK javax.crypto (Java " + System.getProperty("java.version")
                        + "): 0 packets authenticated, " + sent + " rejected; SRTCP 0 authenticated, 0 rejected, "
                        + "0 reports protected",
                "SRTP rejected: " + sent + " packets (AUTH_FAILED " + sent + "): none authenticated, is the sender's key "
                        + "or profile another?"), result.outLines().subList(0, 3), result.describe());
    }

    /** {@code --srtp --sdp-only} on a file with two tracks: each section its own key, in RTP/SAVPF. */
    @Test
    void shouldOfferARandomKeyPerStreamInTheSdp() throws Exception {
        Path sdp = dir.resolve("srtp.sdp");
        Cli.Result result = Cli.run("stream", clips.get(Clip.H264_AAC_MP4).toString(), "--to", "127.0.0.1:5004",
                "--sdp", sdp.toString(), "--sdp-only", "--srtp", "aead_aes_256_gcm");

        assertEquals(0, result.exitCode(), result.describe());
        assertEquals(List.of("wrote " + sdp, "note: the SDP holds a random SRTP key per stream, and a later run makes "
                + "new ones: give it the same with --srtp-key (the a=crypto value after 'a=crypto:')"), result.errLines());
        String text = Files.readString(sdp, StandardCharsets.US_ASCII);
        assertTrue(text.contains("m=video 5004 RTP/SAVPF 96 97\r\n"), text);
        assertTrue(text.contains("m=audio 5006 RTP/SAVPF 98 99\r\n"), text);
        Matcher crypto = CRYPTO.matcher(text);
        assertTrue(crypto.find(), text);
        SrtpKeys video = SrtpArguments.keys(crypto.group(0).strip(), null);
        assertTrue(crypto.find(), text);
        SrtpKeys audio = SrtpArguments.keys(crypto.group(0).strip(), null);
        assertFalse(crypto.find(), "one a=crypto per media section: " + text);
        assertEquals(SrtpProfile.AEAD_AES_256_GCM, video.profile());
        assertEquals(SrtpProfile.AEAD_AES_256_GCM, audio.profile());
        assertNotEquals(video, audio, "each stream its own key");
        assertTrue(text.indexOf("a=crypto:") > text.indexOf("m=video") && text.lastIndexOf("a=crypto:") > text.indexOf(
                "m=audio"), text);
    }

    /**
     * A bare {@code --srtp} before the input leaves the input alone (the default profile), and
     * {@code --srtp=NAME} takes the name in any case.
     */
    @Test
    void shouldTakeAProfileAfterSrtpOnlyWhenItLooksLikeOne() throws Exception {
        Path clip = clips.get(Clip.H264_ANNEX_B);
        Path bare = dir.resolve("bare.sdp");
        Path named = dir.resolve("named.sdp");
        Cli.Result first = Cli.run("stream", "--srtp", clip.toString(), "--to", "127.0.0.1:5004", "--sdp",
                bare.toString(), "--sdp-only");
        Cli.Result second = Cli.run("stream", clip.toString(), "--srtp=aes_cm_128_hmac_sha1_32", "--to",
                "127.0.0.1:5004", "--sdp", named.toString(), "--sdp-only");

        assertEquals(0, first.exitCode(), first.describe());
        assertEquals(0, second.exitCode(), second.describe());
        assertTrue(Files.readString(bare).contains("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"), first.describe());
        assertTrue(Files.readString(named).contains("a=crypto:1 AES_CM_128_HMAC_SHA1_32 inline:"), second.describe());
    }

    /** The tag counts within --mtu: the packetizer leaves room for it. */
    @Test
    void shouldKeepSrtpDatagramsWithinTheMtu() throws Exception {
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            channel.bind(new InetSocketAddress("127.0.0.1", 0));
            channel.configureBlocking(false);
            int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
            Cli.Result result = Cli.run("stream", clips.get(Clip.H264_ANNEX_B).toString(), "--to", "127.0.0.1:" + port,
                    "--srtp", "AES_CM_128_HMAC_SHA1_80", "--mtu", "300", "--fast", "--no-rtcp");
            assertEquals(0, result.exitCode(), result.describe());

            ByteBuffer buffer = ByteBuffer.allocate(65_536);
            int datagrams = 0;
            int largest = 0;
            while (channel.receive(buffer.clear()) != null) {
                datagrams++;
                largest = Math.max(largest, buffer.position());
            }
            assertEquals(result.packetsSent(), datagrams, result.describe());
            assertEquals(300, largest, "the largest datagrams fill the MTU, tag included");
        }
    }

    private static Map<String, Object> json(Cli.Result result) {
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals(1, result.outLines().size(), result.describe());
        return JsonParser.parseObject(result.outLines().get(0));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> json, String name) {
        return (Map<String, Object>) json.get(name);
    }
}
