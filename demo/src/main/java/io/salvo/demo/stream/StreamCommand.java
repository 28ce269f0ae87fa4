package io.salvo.demo.stream;

import io.salvo.demo.cli.HostPort;
import io.salvo.demo.cli.SrtpArguments;
import io.salvo.demo.cli.Terminal;
import io.salvo.demo.cli.UserError;
import io.salvo.demo.media.MediaSource;
import io.salvo.packetizer.Packetizer;
import io.salvo.packetizer.RtpStream;
import io.salvo.packetizer.SdpWriter;
import io.salvo.sender.RetransmissionConfig;
import io.salvo.sender.RtcpConfig;
import io.salvo.sender.SenderOptions;
import io.salvo.srtp.SrtpProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code salvo stream}: streams a media file over RTP/UDP to one or more destinations. */
@Command(name = "stream", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Stream a media file over RTP/UDP.",
                "Formats, detected from the content: H.264/H.265 (Annex B or MP4/MOV),",
                "AAC (MP4/MOV), VP8/VP9/AV1 (IVF), Opus (Ogg).",
                "Every H.264/H.265/AAC track of an MP4/MOV is its own stream: the first (video)",
                "on PORT, the next on PORT+2..., with one SDP and Sender Reports on one clock,",
                "so receivers keep audio and video in sync. Other tracks are named and skipped.",
                "Frames leave in real time from the file's timestamps unless --speed or --fast."},
        footer = {"", "Examples:",
                "  salvo stream clip.mp4 --to 127.0.0.1:5004 --sdp clip.sdp   (video 5004, audio 5006)",
                "  ffplay -protocol_whitelist file,udp,rtp clip.sdp      (watch it)",
                "  salvo stream sample --to 127.0.0.1:5004 --loop 100    (the bundled clip)",
                "  salvo stream talk.ogg --to [::1]:5006 --to 10.0.0.7:5006   (fan-out)",
                "  salvo stream big.h264 --to 127.0.0.1:5004 --fast      (no waiting, no pacing)",
                "  salvo stream clip.mp4 --to 10.0.0.7:5004 --txtime auto   (kernel pacing)",
                "  salvo stream clip.mp4 --to 127.0.0.1:5004 --sdp clip.sdp --srtp   (encrypted)",
                "  salvo receive --port 5004 --srtp-key 'AES_CM_128_HMAC_SHA1_80:inline:KEY'",
                "",
                "With several --to, --sdp FILE writes FILE for the first destination and",
                "FILE-2, FILE-3... (before the extension) for the others.",
                "",
                "SRTP: --srtp makes a random key per stream and writes it into the SDP",
                "(a=crypto:1 PROFILE inline:KEY, RTP/SAVPF); the summary never shows it. A later",
                "run makes new keys: to stream what an --sdp-only run described, give both runs",
                "the same --srtp-key (the SDP's a=crypto value works as it is).",
                "",
                "Kernel pacing: --txtime auto|on hands each tick's datagrams to the kernel up to",
                "4 ms ahead, stamped with their departure time (SO_TXTIME), instead of waking for",
                "every tick. Only the fq qdisc holds them until then: first run",
                "  tc qdisc replace dev IFACE root fq",
                "on the egress device (root needed). Under any other qdisc (pfifo_fast, fq_codel,",
                "noqueue on lo...) datagrams leave as handed over, up to the horizon early, and",
                "the socket cannot tell. The summary says whether the kernel paced."})
public final class StreamCommand implements Callable<Integer> {
    /** Ports between one stream and the next of a file: RTP and its RTCP port. */
    static final int PORT_STEP = 2;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INPUT", description = "The media file, or 'sample' for the bundled clip.")
    String input;

    @Option(names = "--to", required = true, paramLabel = "HOST:PORT",
            description = "Destination (repeat for fan-out: every packet goes to each).")
    List<String> to = new ArrayList<>();

    @Option(names = "--sdp", paramLabel = "FILE", description = "Write the SDP a player opens (one file per destination).")
    Path sdp;

    @Option(names = "--sdp-only", description = "Write the SDP and send nothing.")
    boolean sdpOnly;

    @Option(names = "--video-only", description = "Stream only the video tracks of an MP4/MOV file.")
    boolean videoOnly;

    @Option(names = "--audio-only", description = "Stream only the audio tracks of an MP4/MOV file.")
    boolean audioOnly;

    @Option(names = "--fps", paramLabel = "N", defaultValue = "30",
            description = "Frame rate of Annex B input without SPS timing (default: ${DEFAULT-VALUE}).")
    double fps;

    @Option(names = "--speed", paramLabel = "X", description = "Play X times faster than real time.")
    Double speed;

    @Option(names = "--fast", description = "Send as fast as the path allows: no real-time wait, no pacing, "
            + "and no frame dropped for its age (a slow link holds the reader back).")
    boolean fast;

    @Option(names = "--loop", paramLabel = "N", defaultValue = "1",
            description = "Play the file N times, with continuous sequence numbers and timestamps.")
    int loops;

    @Option(names = "--mtu", paramLabel = "BYTES", defaultValue = "1200",
            description = "Largest datagram, RTP header included (default: ${DEFAULT-VALUE}); at least the RTP header, "
                    + "the codec's payload header and 64 payload bytes (78 for H.264).")
    int mtu;

    @Option(names = "--pt", paramLabel = "PT", description = "RTP payload type (default: 96 for video, 98 for AAC, "
            + "111 for Opus); with several tracks, the first stream's.")
    Integer payloadType;

    @Option(names = "--ssrc", paramLabel = "SSRC", description = "RTP SSRC (default: random); with several tracks, "
            + "the first stream's, and the next streams' count up from it.")
    Long ssrc;

    @Option(names = "--rate", paramLabel = "BPS",
            description = "Pacing rate in bits/s (default: 2.5 x the measured media rate).")
    Long rate;

    @Option(names = "--idle", paramLabel = "STRATEGY", defaultValue = "hybrid",
            description = "How the sender waits between ticks: park, hybrid, spin or yield (default: ${DEFAULT-VALUE}).")
    String idle;

    @Option(names = "--txtime", paramLabel = "MODE", defaultValue = "off",
            description = "Kernel pacing (SO_TXTIME): off (default), auto (where the socket takes it, else in user "
                    + "space) or on (fail where it cannot). Needs the fq qdisc on the egress device "
                    + "(tc qdisc replace dev IFACE root fq); without it datagrams leave up to the horizon (4 ms) "
                    + "early. Not with --fast, which does not pace.")
    String txTime;

    @Option(names = "--packetization-mode", paramLabel = "MODE", defaultValue = "1",
            description = "H.264 packetization mode: 1 (default) or 0 (single NAL units only).")
    int packetizationMode;

    @Option(names = "--no-rtcp", description = "Send no RTCP (no Sender Reports, no BYE) and read no feedback.")
    boolean noRtcp;

    @Option(names = "--rtcp-mux", description = "Send RTCP to the RTP port itself (RFC 5761) instead of the next one.")
    boolean rtcpMux;

    @Option(names = "--cname", paramLabel = "TEXT",
            description = "CNAME of the streams' RTCP and SDP, which ties the streams of a file together for lip "
                    + "sync (default: 16 random characters, RFC 7022); give an --sdp-only run and the run that "
                    + "streams the same one.")
    String cname;

    @Option(names = "--rtx", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Answer NACKs with RTX (RFC 4588: own SSRC and payload type, offered in the SDP); "
                    + "--no-rtx resends the original packets instead (default: RTX).")
    boolean rtx;

    @Option(names = "--rtx-pt", paramLabel = "PT", description = "RTX payload type (default: the media's + 1); "
            + "with several tracks, the first stream's.")
    Integer rtxPayloadType;

    @Option(names = "--no-retransmit", description = "Keep no history and resend nothing; NACKs are only counted.")
    boolean noRetransmit;

    @Option(names = "--history", paramLabel = "SECONDS", defaultValue = "1",
            description = "Keep sent packets this long at least (more when 3 RTTs are longer) to answer NACKs; "
                    + "match the receivers' jitter buffer (default: ${DEFAULT-VALUE}).")
    double history;

    @Option(names = "--linger", paramLabel = "SECONDS", defaultValue = "2",
            description = "At the end, wait up to this long for each receiver's report of the last packet "
                    + "before saying BYE, so the summary shows the final loss (default: ${DEFAULT-VALUE}).")
    double linger;

    @Option(names = "--local-port", paramLabel = "PORT", defaultValue = "0",
            description = "Send RTP from this UDP port, and RTCP from the next one unless --rtcp-mux "
                    + "(default: any free pair). Receivers send their reports there.")
    int localPort;

    @Mixin
    SrtpOptions srtp = new SrtpOptions();

    @Override
    public Integer call() throws Exception {
        validate();
        List<InetSocketAddress> destinations = new ArrayList<>();
        for (String t : to) {
            destinations.add(HostPort.parse(t));
        }
        Path path = BundledSample.NAME.equals(input) && !Files.exists(Path.of(input)) ? BundledSample.path() : Path.of(input);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MediaInput.Selection selection = videoOnly ? MediaInput.Selection.VIDEO
                : audioOnly ? MediaInput.Selection.AUDIO : MediaInput.Selection.ALL;
        try (MediaInput media = MediaSources.openTracks(path, fps, selection)) {
            for (String skipped : media.skipped()) {
                err.println(skipped);
            }
            err.flush();
            SrtpProfile profile = srtp.profile();
            MtuFloor.check(mtu, media.codecs(), profile == null ? 0 : profile.rtpTagLength());
            checkPorts(destinations, media.sources().size());
            srtp.checkKeyCount(media.sources().size());
            RtcpConfig rtcp = noRtcp ? RtcpConfig.disabled() : rtcpConfig(err);
            List<StreamSession.Track> tracks = new ArrayList<>();
            List<SdpFiles.Section> sections = new ArrayList<>();
            for (int i = 0; i < media.sources().size(); i++) {
                StreamSession.Track track = track(media, i, path, profile);
                tracks.add(track);
                sections.add(new SdpFiles.Section(track.packetizer(), track.portOffset(), feedback(track.retransmission()),
                        track.srtp() == null ? null : SrtpArguments.cryptoValue(track.srtp())));
            }
            if (sdp != null) {
                SdpWriter.Rtcp rtcpLine = noRtcp ? SdpWriter.Rtcp.UNSTATED
                        : rtcpMux ? SdpWriter.Rtcp.MUX : SdpWriter.Rtcp.NEXT_PORT;
                for (Path written : SdpFiles.write(sdp, sections, destinations, rtcpLine, noRtcp ? null : rtcp.cname())) {
                    err.println("wrote " + written);
                }
                if (profile != null && srtp.randomKeys() && sdpOnly) {
                    err.println("note: the SDP holds a random SRTP key per stream, and a later run makes new ones: give "
                            + "it the same with --srtp-key (the a=crypto value after 'a=crypto:')");
                }
            } else if (profile != null && srtp.randomKeys()) {
                err.println("note: --srtp without --sdp or --srtp-key: the random keys are written nowhere, so no "
                        + "receiver can decrypt the streams");
            }
            err.flush();
            if (sdpOnly) {
                return 0;
            }
            SenderOptions.TxTime kernelPacing = txTimeMode();
            StreamSession session;
            try {
                session = new StreamSession(tracks, new StreamSession.Options(destinations,
                        speed == null ? 1.0 : speed, fast, loops, rate == null ? 0 : rate, idle, rtcp,
                        RetransmissionConfig.off(), localPort, noRtcp ? 0 : (long) (linger * 1e9), kernelPacing));
            } catch (IOException e) {
                if (kernelPacing == SenderOptions.TxTime.ON && String.valueOf(e.getMessage()).contains("SO_TXTIME")) {
                    throw new UserError("--txtime on: " + e.getMessage(), e);
                }
                throw e;
            }
            StreamSession.Result result;
            try (StreamProgress progress = new StreamProgress(session, err, Terminal.interactive())) {
                result = session.play();
            } finally {
                session.close();
            }
            out.print(StreamReport.summary(input, destinations, result, profile == null ? null
                    : srtp.summary(tracks.size(), sdp != null)));
            out.flush();
            if (result.rejectedFrame() != null) {
                throw new UserError(path + ": " + result.rejectedFrame(), result.rejectedFrameCause());
            }
            if (result.fileProblem() != null) {
                throw result.fileProblem();
            }
            return 0;
        }
    }

    /**
     * The stream of source {@code i}: the first on the destinations' ports, each next one 2
     * ports higher; {@code --pt}, {@code --ssrc} and {@code --rtx-pt} set the first stream's, the
     * others take their codec's payload type, SSRC + i and their payload type + 1.
     */
    private StreamSession.Track track(MediaInput media, int i, Path path, SrtpProfile profile) throws IOException {
        MediaSource source = media.sources().get(i);
        int pt = i == 0 && payloadType != null ? payloadType : Packetizers.defaultPayloadType(source);
        RtpStream.Builder streamBuilder = RtpStream.builder(pt, source.clockRate());
        if (ssrc != null) {
            streamBuilder.ssrc(ssrc + i);
        }
        // an SRTP packet carries its tag on top: the packetizer leaves room for it within --mtu
        int datagram = profile == null ? mtu : mtu - profile.rtpTagLength();
        Packetizer packetizer = Packetizers.create(source, streamBuilder.build(), datagram, packetizationMode);
        int rtxPt = i == 0 && rtxPayloadType != null ? rtxPayloadType : (pt + 1) % 128;
        if (rtxPt == pt) {
            throw new UserError("--rtx-pt " + rtxPayloadType + " is the media's own payload type: choose another");
        }
        RetransmissionConfig retransmission = noRtcp || noRetransmit ? RetransmissionConfig.off()
                : (rtx ? RetransmissionConfig.rtx(rtxPt) : RetransmissionConfig.original())
                .minHistory((long) (history * 1000), TimeUnit.MILLISECONDS).build();
        String name = media.sources().size() == 1 ? path.getFileName().toString() : "track " + media.trackIds().get(i);
        return new StreamSession.Track(source, packetizer, name, PORT_STEP * i, retransmission, srtp.keys(i));
    }

    private static SdpWriter.Feedback feedback(RetransmissionConfig retransmission) {
        return switch (retransmission.mode()) {
            case RTX -> SdpWriter.Feedback.rtx(retransmission.rtxPayloadType(), retransmission.rtxSsrc());
            case ORIGINAL -> SdpWriter.Feedback.nackOriginal();
            case OFF -> SdpWriter.Feedback.none();
        };
    }

    private RtcpConfig rtcpConfig(PrintWriter err) {
        RtcpConfig.Builder builder = RtcpConfig.builder().mux(rtcpMux).listener(new KeyframeRequestNotes(err));
        if (cname != null) {
            builder.cname(cname);
        }
        return builder.build();
    }

    /** Refuses destinations whose port leaves no room for every stream (and its RTCP port). */
    private void checkPorts(List<InetSocketAddress> destinations, int streams) {
        int rtcpPort = noRtcp || rtcpMux ? 0 : 1;
        for (int i = 0; i < destinations.size(); i++) {
            int port = destinations.get(i).getPort();
            int last = port + PORT_STEP * (streams - 1) + rtcpPort;
            if (streams > 1 && last > 65535) {
                throw new UserError("--to " + to.get(i) + ": " + streams + " streams take ports " + port + " to " + last
                        + " (each stream 2 ports above the one before" + (rtcpPort == 1 ? ", RTCP on the next" : "")
                        + "), past 65535: choose a lower port");
            }
        }
    }

    /** The {@code --txtime} mode; a usage error naming the choices for anything else. */
    private SenderOptions.TxTime txTimeMode() {
        return switch (txTime.toLowerCase(Locale.ROOT)) {
            case "off" -> SenderOptions.TxTime.OFF;
            case "auto" -> SenderOptions.TxTime.AUTO;
            case "on" -> SenderOptions.TxTime.ON;
            default -> throw new ParameterException(spec.commandLine(),
                    "Invalid value for option '--txtime': '" + txTime + "' is not one of off, auto, on");
        };
    }

    private void validate() {
        if (txTimeMode() == SenderOptions.TxTime.ON && fast) {
            throw new UserError("--txtime on and --fast conflict: --fast sends unpaced, so the kernel has no "
                    + "departure times to keep");
        }
        if (speed != null && !(speed > 0)) {
            throw new UserError("--speed must be > 0, was " + speed);
        }
        if (fast && speed != null) {
            throw new UserError("--fast and --speed conflict: --fast sends without waiting for timestamps");
        }
        if (fast && rate != null) {
            throw new UserError("--fast and --rate conflict: --fast sends without pacing");
        }
        if (sdpOnly && sdp == null) {
            throw new UserError("--sdp-only needs --sdp FILE");
        }
        if (loops < 1) {
            throw new UserError("--loop must be >= 1, was " + loops);
        }
        if (!(fps > 0)) {
            throw new UserError("--fps must be > 0, was " + fps);
        }
        if (payloadType != null && (payloadType < 0 || payloadType > 127)) {
            throw new UserError("--pt must be 0..127, was " + payloadType);
        }
        if (ssrc != null && (ssrc < 0 || ssrc > 0xFFFF_FFFFL)) {
            throw new UserError("--ssrc must be 0..4294967295, was " + ssrc);
        }
        if (rate != null && rate <= 0) {
            throw new UserError("--rate must be > 0 bits/s, was " + rate);
        }
        if (videoOnly && audioOnly) {
            throw new UserError("--video-only and --audio-only conflict: leave both out to stream every track");
        }
        if (mtu > 65_507) {
            throw new UserError("--mtu " + mtu + " is above the largest UDP datagram over IPv4 (65507 bytes)");
        }
        if (localPort < 0 || localPort > 65535 || (localPort == 65535 && !noRtcp && !rtcpMux)) {
            throw new UserError("--local-port must be 0..65534 (RTCP takes the next port; 65535 with --rtcp-mux), was "
                    + localPort);
        }
        if (!(history >= 0.01) || history > 600) {
            throw new UserError("--history must be 0.01..600 seconds, was " + history);
        }
        if (!(linger >= 0) || linger > 3600) {
            throw new UserError("--linger must be 0..3600 seconds, was " + linger);
        }
        if (rtxPayloadType != null && (rtxPayloadType < 0 || rtxPayloadType > 127)) {
            throw new UserError("--rtx-pt must be 0..127, was " + rtxPayloadType);
        }
        if (cname != null && (cname.isEmpty() || cname.getBytes(StandardCharsets.UTF_8).length > 255
                || cname.chars().anyMatch(Character::isWhitespace))) {
            throw new UserError("--cname must be 1..255 UTF-8 bytes without spaces, was \"" + cname + "\"");
        }
        if (noRtcp && rtcpMux) {
            throw new UserError("--no-rtcp and --rtcp-mux conflict");
        }
        for (String t : to) {
            InetSocketAddress destination = HostPort.parse(t);
            if (!noRtcp && !rtcpMux && destination.getPort() == 65535) {
                throw new UserError("--to " + t + ": RTCP goes to the next port, and 65535 has none; "
                        + "use --rtcp-mux or --no-rtcp");
            }
        }
        srtp.validate(!rtx && !noRetransmit && !noRtcp);
        if (packetizationMode != 0 && packetizationMode != 1) {
            throw new UserError("--packetization-mode must be 0 or 1, was " + packetizationMode);
        }
        try {
            io.salvo.sender.IdleStrategy.named(idle);
        } catch (IllegalArgumentException e) {
            throw new UserError("--idle: " + e.getMessage());
        }
    }
}
