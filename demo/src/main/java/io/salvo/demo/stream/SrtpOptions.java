package io.salvo.demo.stream;

import io.salvo.demo.cli.SrtpArguments;
import io.salvo.srtp.CryptoBackend;
import io.salvo.srtp.SrtpKeys;
import io.salvo.srtp.SrtpProfile;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;

/**
 * The SRTP options of {@code salvo stream} ({@code --srtp [PROFILE]}, {@code --srtp-key KEY}), a
 * picocli mixin: which profile, and each stream's keys, a random one per stream unless given.
 * Problems with them are usage errors (exit code 2).
 */
final class SrtpOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--srtp", arity = "0..1", paramLabel = "PROFILE", parameterConsumer = SrtpProfileConsumer.class,
            description = "Encrypt every stream (SRTP, RFC 3711 / 7714), each with a random key that the SDP offers "
                    + "(a=crypto, RTP/SAVPF); resends go as RTX only. PROFILE: AES_CM_128_HMAC_SHA1_80 (the default, "
                    + "which ffmpeg speaks), AES_CM_128_HMAC_SHA1_32, AEAD_AES_128_GCM or AEAD_AES_256_GCM.")
    String srtpOption; // null: no --srtp; "": no PROFILE after it; else the profile's SDP name

    @Option(names = "--srtp-key", paramLabel = "KEY",
            description = "Encrypt with this key instead of a random one (implies --srtp): NAME:BASE64, "
                    + "NAME:inline:BASE64, or an a=crypto value '1 NAME inline:BASE64' (BASE64: master key and salt). "
                    + "Once for every stream, or once per stream in track order.")
    List<String> keyTexts = new ArrayList<>();

    private final List<SrtpKeys> keys = new ArrayList<>();

    /**
     * Parses the keys (unnamed ones take --srtp's profile) and refuses keys of another profile than
     * --srtp's or each other's, and original-packet resends under SRTP ({@code originalResends}).
     *
     * @throws ParameterException naming the problem
     */
    void validate(boolean originalResends) {
        keys.clear();
        SrtpProfile named = namedProfile();
        for (String text : keyTexts) {
            SrtpKeys key;
            try {
                key = SrtpArguments.keys(text, named);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--srtp-key': " + e.getMessage());
            }
            SrtpProfile expected = named != null ? named : keys.isEmpty() ? null : keys.get(0).profile();
            if (expected != null && key.profile() != expected) {
                throw new ParameterException(spec.commandLine(), "--srtp-key is an " + key.profile().sdpName() + " key, "
                        + (named != null ? "but --srtp asks for " : "but another --srtp-key is an ")
                        + expected.sdpName() + (named != null ? "" : " key") + ": every stream is encrypted with one profile");
            }
            keys.add(key);
        }
        if (profile() != null && originalResends) {
            throw new ParameterException(spec.commandLine(), "--no-rtx conflicts with --srtp: an encrypted stream "
                    + "resends lost packets only as RTX (a resent original reuses its SRTP index, and receivers drop it "
                    + "as a replay); leave out --no-rtx, or resend nothing with --no-retransmit");
        }
    }

    /**
     * The profile: the one --srtp names, else that of the --srtp-key keys, else the default for a
     * bare --srtp; null in clear.
     */
    SrtpProfile profile() {
        SrtpProfile named = namedProfile();
        if (named != null) {
            return named;
        }
        if (!keys.isEmpty()) {
            return keys.get(0).profile();
        }
        return srtpOption != null ? SrtpArguments.DEFAULT_PROFILE : null;
    }

    /** True when the keys are random (none given with --srtp-key). */
    boolean randomKeys() {
        return keys.isEmpty();
    }

    /**
     * Refuses a number of keys that is neither one nor one per stream.
     *
     * @throws ParameterException naming the counts
     */
    void checkKeyCount(int streams) {
        if (keys.size() > 1 && keys.size() != streams) {
            throw new ParameterException(spec.commandLine(), "--srtp-key given " + keys.size() + " times for "
                    + streams + " stream" + (streams == 1 ? "" : "s") + ": give one key for every stream, or one per "
                    + "stream in track order");
        }
    }

    /** The keys of stream {@code index}: the one given, the index-th given, or fresh random ones; null in clear. */
    SrtpKeys keys(int index) {
        SrtpProfile profile = profile();
        if (profile == null) {
            return null;
        }
        return keys.isEmpty() ? SrtpKeys.random(profile) : keys.get(keys.size() == 1 ? 0 : index);
    }

    /**
     * The summary's line, never a key: "AES_CM_128_HMAC_SHA1_80 on JDK javax.crypto (Java
     * 17.0.15), a random key in the SDP"; {@code sdpWritten} says whether the random keys went
     * into an SDP.
     */
    String summary(int streams, boolean sdpWritten) {
        SrtpProfile profile = profile();
        String where;
        if (!keys.isEmpty()) {
            where = keys.size() == 1 && streams > 1 ? "the key given with --srtp-key for every stream"
                    : "the key" + (streams == 1 ? "" : "s") + " given with --srtp-key";
        } else {
            where = (streams == 1 ? "a random key" : "random keys, one per stream,")
                    + (sdpWritten ? " in the SDP" : " written nowhere");
        }
        return profile.sdpName() + " on " + CryptoBackend.forProfile(profile).description() + ", " + where;
    }

    /** The profile --srtp PROFILE names, or null. */
    private SrtpProfile namedProfile() {
        return srtpOption == null || srtpOption.isEmpty() ? null : SrtpArguments.profile(srtpOption);
    }
}
