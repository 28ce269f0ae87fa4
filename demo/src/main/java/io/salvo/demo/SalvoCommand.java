package io.salvo.demo;

import io.salvo.demo.blast.BlastCommand;
import io.salvo.demo.cli.Terminal;
import io.salvo.demo.receive.ReceiveCommand;
import io.salvo.demo.stream.StreamCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** The top-level {@code salvo} command: with no subcommand it runs the demo. */
@Command(name = "salvo", mixinStandardHelpOptions = true, versionProvider = Version.class,
        subcommands = {StreamCommand.class, ReceiveCommand.class, BlastCommand.class},
        description = {"salvo sends RTP media as fast and as smoothly as Linux allows.",
                "Without a command it runs the demo: the bundled sample streamed over",
                "loopback to a receiver in this process."},
        footer = {"", "Examples:",
                "  salvo                                              run the demo",
                "  salvo stream clip.mp4 --to 127.0.0.1:5004 --sdp clip.sdp",
                "  ffplay -protocol_whitelist file,udp,rtp clip.sdp   watch it",
                "  salvo receive --port 5004                          count what arrives",
                "  salvo stream --help                                every option of a command"})
public final class SalvoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Declared once here and inherited by every subcommand; {@link Main} reads it from the arguments. */
    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        return DemoRun.run(spec.commandLine().getOut(), spec.commandLine().getErr(), Terminal.interactive());
    }
}
