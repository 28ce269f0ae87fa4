package io.salvo.demo.media;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Whether an external tool the tests judge with works here: it runs and exits cleanly. */
public final class ToolCheck {
    private ToolCheck() {
    }

    /**
     * True if {@code command} exits with status 0 within {@code seconds}, its output discarded;
     * false if it cannot start, fails or takes longer (an interrupt is kept for the caller).
     */
    public static boolean exitsCleanly(int seconds, String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(seconds, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
