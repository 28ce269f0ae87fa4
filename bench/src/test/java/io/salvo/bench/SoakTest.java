package io.salvo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The soak, short: {@code bench/scripts/soak.sh} for 30 seconds at 50 Mbit/s, run from this
 * module's classes, with the same fault schedule compressed (stretches of 0.75 to 1.5 s). It holds
 * the transmitter to its accounting every second and to releasing every frame exactly once through
 * loss, reordering, a full socket buffer, a link down, an MTU drop and a receiver gone, and asks
 * for traffic again after each fault. The memory tolerances are wider than the 10-minute run's:
 * thirty seconds are mostly warm-up. About 35 s in all. Needs root, {@code ip}, {@code tc} and
 * {@code nft}; skipped without them unless {@code CI=true}, where it fails.
 */
class SoakTest {
    private static final int SECONDS = 30;
    /** The soak's own time, the JVM's start, the namespaces, the drain (up to 20 s) and the summary. */
    private static final long LIMIT_SECONDS = SECONDS + 60;

    @Test
    void shouldKeepItsAccountsAndReleaseEveryFrameOnceThroughEveryFault() throws Exception {
        requireRootAndTools();
        Path script = Path.of("scripts", "soak.sh").toAbsolutePath();
        Path log = Path.of("target", "soak-test.log").toAbsolutePath();
        Path output = Path.of("target", "soak-test.out").toAbsolutePath();
        Files.createDirectories(output.getParent());
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), "--seconds", Integer.toString(SECONDS),
                "--rate", "50", "--out", log.toString(), "--", "--heap-tolerance-mb", "24", "--rss-tolerance-mb", "96",
                "--direct-tolerance-mb", "8")
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("SOAK_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().put("JAVA", ProcessHandle.current().info().command().orElse("java"));
        Process soak = builder.start();
        if (!soak.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
            // TERM lets the script end the JVM and delete its namespaces; KILL whatever is left after that
            List<ProcessHandle> descendants = soak.descendants().toList();
            soak.destroy();
            if (!soak.waitFor(15, TimeUnit.SECONDS)) {
                soak.destroyForcibly();
            }
            descendants.forEach(ProcessHandle::destroyForcibly);
            fail("the soak did not end within " + LIMIT_SECONDS + " s:\n" + tail(Files.readString(output)));
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        String summary = text.contains("== soak summary ==") ? text.substring(text.indexOf("== soak summary ==")) : tail(text);

        assertEquals(0, soak.exitValue(), "the soak failed (exit " + soak.exitValue() + "):\n" + summary);
        assertTrue(text.contains("result: PASS"), summary);
        for (String check : List.of("per second   held", "accounting   held", "bounds       held", "releases     held",
                "drain        held", "recovery     held")) {
            assertTrue(summary.contains(check), "no '" + check + "' in the summary:\n" + summary);
        }
        assertEquals(3, summary.split(" flat\\R", -1).length - 1, "heap, RSS and direct memory not all flat:\n" + summary);
        assertTrue(summary.contains("DESTINATION_UNREACHABLE"), "the link-down stretch dropped nothing:\n" + summary);
    }

    private static String tail(String text) {
        return text.length() <= 20_000 ? text : "..." + text.substring(text.length() - 20_000);
    }

    private static void requireRootAndTools() throws IOException {
        String problem = null;
        if (!"root".equals(System.getProperty("user.name"))) {
            problem = "not root";
        } else {
            for (String tool : List.of("ip", "tc", "nft")) {
                if (!Files.isExecutable(Path.of(SoakFaults.which(tool)))) {
                    problem = tool + " missing";
                }
            }
        }
        if (problem != null) {
            String message = "the soak needs root, ip, tc and nft (" + problem + ")";
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
    }
}
