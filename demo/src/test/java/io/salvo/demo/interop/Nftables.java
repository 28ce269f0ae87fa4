package io.salvo.demo.interop;

import static org.junit.jupiter.api.Assertions.fail;

import io.salvo.demo.media.ToolCheck;

import org.junit.jupiter.api.Assumptions;

/** Whether {@code nft} is there to make a lossy link; skips the test without it (fails under CI=true). */
final class Nftables {
    private static Boolean available;

    private Nftables() {
    }

    static synchronized void assumeAvailable() {
        if (available == null) {
            available = ToolCheck.exitsCleanly(10, "nft", "--version");
        }
        if (!available) {
            if ("true".equals(System.getenv("CI"))) {
                fail("nft (nftables) not found, and CI=true requires it");
            }
            Assumptions.abort("nft (nftables) not found: skipping");
        }
    }

}
