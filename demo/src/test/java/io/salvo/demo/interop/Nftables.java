package io.salvo.demo.interop;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Whether {@code nft} is there to make a lossy link; skips the test without it (fails under CI=true). */
final class Nftables {
    private static Boolean available;

    private Nftables() {
    }

    static synchronized void assumeAvailable() {
        if (available == null) {
            available = works();
        }
        if (!available) {
            if ("true".equals(System.getenv("CI"))) {
                fail("nft (nftables) not found, and CI=true requires it");
            }
            Assumptions.abort("nft (nftables) not found: skipping");
        }
    }

    private static boolean works() {
        try {
            Process p = new ProcessBuilder("nft", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
