package io.salvo.demo.interop;

import static org.junit.jupiter.api.Assertions.fail;

import io.salvo.demo.media.ToolCheck;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * One of the GStreamer receivers written in Python beside these tests ({@code gst_*_receiver.py},
 * through GObject's bindings, so the stream ends with a clean EOS and the elements' counts can be
 * read), run as a process: it prints {@code LISTENING} once its sockets are bound and ends with a
 * JSON line of counts. The receivers ({@link GstNackReceiver}, {@link GstSrtpReceiver},
 * {@link GstAvReceiver}) give it their script and arguments and read their own outputs.
 */
final class GstScript implements AutoCloseable {
    static final String PYTHON = "/usr/bin/python3";
    private static final Map<String, Boolean> AVAILABLE = new HashMap<>();

    private final Process process;
    private final Path out;
    private final String name;

    private GstScript(Process process, Path out, String name) {
        this.process = process;
        this.out = out;
        this.name = name;
    }

    /**
     * Skips the test, or fails it under {@code CI=true}, unless {@value #PYTHON} with GStreamer's
     * bindings imports {@code Gst} and {@code modules} (e.g. {@code GstSdp}) and finds every one of
     * {@code elements}; {@code packages} names what to install, for the message. Checked once per
     * set of modules and elements.
     */
    static synchronized void assumeAvailable(List<String> modules, List<String> elements, String packages) {
        String key = modules + " " + elements;
        Boolean available = AVAILABLE.get(key);
        if (available == null) {
            available = works(modules, elements);
            AVAILABLE.put(key, available);
        }
        if (!available) {
            String message = PYTHON + " with GStreamer's Python bindings and " + elements + " (" + packages
                    + ") not found";
            if ("true".equals(System.getenv("CI"))) {
                fail(message + ", and CI=true requires them");
            }
            Assumptions.abort(message + ": skipping");
        }
    }

    /**
     * Copies the script {@code resource} (beside this class) into {@code dir} and runs it with
     * {@code arguments}, the command line passed through {@code wrap} (e.g. into a network
     * namespace), its output into a file of {@code dir}; returns once it prints {@code LISTENING}.
     * {@code name} says which receiver in failure messages.
     */
    static GstScript start(Path dir, String resource, List<String> arguments, Function<List<String>, List<String>> wrap,
                           String name) throws IOException, InterruptedException {
        Path script = dir.resolve(resource);
        try (InputStream in = GstScript.class.getResourceAsStream(resource)) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        Path out = Files.createTempFile(dir, "gst", ".txt");
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(wrap.apply(command)).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        GstScript started = new GstScript(process, out, name);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!started.output().contains("LISTENING")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                started.close();
                fail(name + " did not start: " + started.output());
            }
            Thread.sleep(50);
        }
        return started;
    }

    /** Waits up to {@code seconds} for the script to end (EOS after its idle time); returns its counts line. */
    String finish(int seconds) throws IOException, InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            close();
            fail(name + " did not end: " + output());
        }
        Matcher m = Pattern.compile("(\\{.*\\})").matcher(output());
        if (!m.find()) {
            if (process.exitValue() > 128) {
                throw new Crashed(name + " was killed by signal " + (process.exitValue() - 128) + ": " + output());
            }
            fail("no counts from " + name + " (exit status " + process.exitValue() + "): " + output());
        }
        return m.group(1);
    }

    /**
     * The receiver died by a signal (GStreamer crashed under it, its Python traceback in the
     * message): it gave no verdict on the stream, right or wrong.
     */
    static final class Crashed extends AssertionError {
        private static final long serialVersionUID = 1L;

        Crashed(String message) {
            super(message);
        }
    }

    /** What the script printed so far. */
    String output() throws IOException {
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static boolean works(List<String> modules, List<String> elements) {
        StringBuilder check = new StringBuilder("import gi; gi.require_version('Gst', '1.0'); ");
        for (String module : modules) {
            check.append("gi.require_version('").append(module).append("', '1.0'); ");
        }
        check.append("from gi.repository import Gst");
        for (String module : modules) {
            check.append(", ").append(module);
        }
        check.append("; Gst.init(None); assert all(Gst.ElementFactory.find(e) for e in [");
        for (String element : elements) {
            check.append('\'').append(element).append("',");
        }
        check.append("])");
        return ToolCheck.exitsCleanly(30, PYTHON, "-c", check.toString());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
