package io.salvo.demo.stream;

import io.salvo.demo.cli.SrtpArguments;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Stack;
import java.util.regex.Pattern;

/**
 * The optional value of {@code --srtp [PROFILE]}, set as the profile's SDP name, or as "" when
 * none was given (the default, or the profile of the keys given otherwise). The next argument is taken as the profile only
 * when it looks like one (a crypto-suite name: letters, digits and underscores with an underscore
 * in it, or starting with AES), so {@code salvo stream --srtp clip.mp4 --to …} streams
 * {@code clip.mp4} with the default profile, while {@code --srtp aead_aes_128_gcm} and
 * {@code --srtp=AEAD_AES_256_GCM} choose one and {@code --srtp AES_GCM_128} is a usage error
 * listing the known profiles. (picocli's own optional values would take {@code clip.mp4} as the
 * profile.) A file by that name is always the input.
 */
public final class SrtpProfileConsumer implements IParameterConsumer {
    private static final Pattern SUITE_LIKE = Pattern.compile("[A-Za-z0-9_]*_[A-Za-z0-9_]*|(?i)aes[A-Za-z0-9_-]*");

    @Override
    public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
        String value = "";
        if (!args.isEmpty() && looksLikeProfile(args.peek())) {
            String name = args.pop();
            try {
                value = SrtpArguments.profile(name).sdpName();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(commandSpec.commandLine(), "Invalid value for option '--srtp': "
                        + e.getMessage());
            }
        }
        argSpec.setValue(value);
    }

    private static boolean looksLikeProfile(String arg) {
        if (arg.startsWith("-") || !SUITE_LIKE.matcher(arg).matches()) {
            return false;
        }
        try {
            return !Files.exists(Path.of(arg));
        } catch (RuntimeException invalidPath) {
            return true;
        }
    }
}
