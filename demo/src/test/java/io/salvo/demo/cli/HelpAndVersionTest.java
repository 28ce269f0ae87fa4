package io.salvo.demo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.salvo.demo.Main;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code --version} and {@code --help} of salvo and of its commands: exit 0, all on stdout. */
class HelpAndVersionTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--version", "-V", "stream --version", "receive -V"})
    void shouldPrintTheVersion(String arguments) {
        Cli.Result result = Cli.run(arguments.split(" "));

        assertEquals(0, result.exitCode(), result.describe());
        assertEquals("salvo 0.1.0-SNAPSHOT", result.outLines().get(0), result.out());
        assertTrue(result.outLines().get(1).startsWith("Java " + System.getProperty("java.version")), result.out());
        assertEquals("", result.err());
    }

    @Test
    void shouldReturnTheExitCodeFromMainRun() {
        // Main.run prints to System.out and System.err; only the codes are checked here
        assertEquals(0, Main.run("--version"));
        assertEquals(1, Main.run("stream", "sample", "--to", "127.0.0.1:5004", "--loop", "0"));
        assertEquals(2, Main.run("stream", "sample"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--help", "-h", "stream --help", "receive --help", "stream -h"})
    void shouldListEveryOptionInTheHelp(String arguments) {
        String[] args = arguments.split(" ");
        Cli.Result result = Cli.run(args);

        assertEquals(0, result.exitCode(), result.describe());
        assertEquals("", result.err());
        CommandLine command = args.length == 1 ? Main.commandLine(false) : Main.commandLine(false).getSubcommands().get(args[0]);
        assertTrue(result.out().startsWith("Usage: " + command.getCommandSpec().qualifiedName() + " ["), result.out());
        List<String> missing = new ArrayList<>();
        for (OptionSpec option : command.getCommandSpec().options()) {
            if (!result.out().contains(option.longestName())) {
                missing.add(option.longestName());
            }
        }
        for (PositionalParamSpec parameter : command.getCommandSpec().positionalParameters()) {
            if (!result.out().contains(parameter.paramLabel())) {
                missing.add(parameter.paramLabel());
            }
        }
        for (String subcommand : command.getSubcommands().keySet()) {
            if (!result.out().contains("  " + subcommand + "  ")) {
                missing.add(subcommand);
            }
        }
        assertEquals(List.of(), missing, "not in the help:\n" + result.out());
        assertTrue(result.out().contains("Examples:"), result.out());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"stream", "receive", "blast"})
    void shouldOfferVerboseOnEveryCommand(String command) {
        String help = Cli.run(command, "--help").out();

        assertTrue(help.contains("--verbose"), "--verbose not in:\n" + help);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"stream", "receive"})
    void shouldNameTheStreamOptionsOfTheIssue(String command) {
        // the options people look for first, by their real names
        List<String> expected = command.equals("stream")
                ? List.of("--to=HOST:PORT", "--sdp=FILE", "--sdp-only", "--speed=X", "--fast", "--loop=N",
                "--mtu=BYTES", "--rate=BPS", "--packetization-mode=MODE", "--verbose", "INPUT")
                : List.of("--port=PORT", "--idle=SECONDS", "--json", "--timeout=SECONDS");
        String help = Cli.run(command, "--help").out();

        for (String option : expected) {
            assertTrue(help.contains(option), option + " not in:\n" + help);
        }
        assertFalse(help.isBlank());
    }
}
