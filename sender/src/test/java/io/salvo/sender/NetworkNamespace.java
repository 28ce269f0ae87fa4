package io.salvo.sender;

import static org.junit.jupiter.api.Assertions.fail;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away network namespace made with {@code ip netns add}, its {@code lo} up, in which a
 * test opens sockets: {@link #inside} runs code on a fresh thread moved into the namespace with
 * {@code setns(2)}, and sockets made there stay in the namespace. Needs root, {@code ip} and
 * {@code tc}; tests are skipped without them unless {@code CI=true}, where they fail.
 */
public final class NetworkNamespace implements AutoCloseable {
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String name;

    private NetworkNamespace(String name) {
        this.name = name;
    }

    /** A new namespace with {@code lo} up, or the test is skipped (failed on CI) if that cannot be done. */
    public static NetworkNamespace create() throws IOException, InterruptedException {
        String problem = null;
        if (!"root".equals(System.getProperty("user.name"))) {
            problem = "not root";
        } else if (which("ip") == null || which("tc") == null) {
            problem = "ip or tc missing";
        }
        String name = "salvo-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        if (problem == null) {
            String error = run(which("ip"), "netns", "add", name);
            if (error != null) {
                problem = error;
            }
        }
        if (problem != null) {
            String message = "network namespace tests need root, ip and tc (" + problem + ")";
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
        NetworkNamespace namespace = new NetworkNamespace(name);
        namespace.exec("ip", "link", "set", "lo", "up");
        return namespace;
    }

    /**
     * Runs {@code action} on a thread inside a fresh namespace where one can be made (root and
     * {@code ip}), so what it measures depends on nothing else on the host (its ICMP sockets,
     * other traffic); elsewhere runs it here, in the host's namespace. Sockets made by the action
     * stay in the namespace it ran in.
     */
    public static <T> T isolatedIfPossible(Callable<T> action) throws Exception {
        if (!"root".equals(System.getProperty("user.name")) || which("ip") == null) {
            return action.call();
        }
        try (NetworkNamespace namespace = create()) {
            return namespace.inside(action);
        }
    }

    /** The command line that runs {@code command} inside the namespace, for a process the caller starts. */
    public List<String> commandInside(String... command) {
        List<String> full = new ArrayList<>(List.of(which("ip"), "netns", "exec", name));
        full.addAll(List.of(command));
        return full;
    }

    /** Runs {@code command} inside the namespace and returns its output; fails the test if it fails. */
    public String output(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(commandInside(command)).redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
            fail(String.join(" ", commandInside(command)) + ": " + text);
        }
        return text;
    }

    /** Runs {@code command} inside the namespace ({@code ip netns exec}); fails the test if it fails. */
    public void exec(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of(which("ip"), "netns", "exec", name));
        full.addAll(List.of(command));
        String program = which(command[0]);
        if (program != null) {
            full.set(4, program);
        }
        String error = run(full.toArray(new String[0]));
        if (error != null) {
            fail(String.join(" ", full) + ": " + error);
        }
    }

    /** Calls {@code action} on a new thread that has entered the namespace. */
    public <T> T inside(Callable<T> action) throws Exception {
        FutureTask<T> task = new FutureTask<>(() -> {
            int fd = Setns.open("/var/run/netns/" + name, O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                throw new IOException("open netns " + name + ": " + Errno.name(Native.getLastError()));
            }
            try {
                if (Setns.setns(fd, CLONE_NEWNET) < 0) {
                    throw new IOException("setns " + name + ": " + Errno.name(Native.getLastError()));
                }
            } finally {
                Setns.close(fd);
            }
            return action.call();
        });
        Thread thread = new Thread(task, "netns-" + name);
        thread.start();
        try {
            return task.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }

    /**
     * Deletes the namespace, dropping what its qdisc still holds first: a slow {@code tbf} may hold
     * megabytes for hours, and while it does, the closed sockets those packets belong to — and so
     * the namespace itself — stay alive after {@code ip netns del}. Worse, ICMP errors queued there
     * are charged to the kernel's shared ICMP sockets, which then stop sending port-unreachable
     * everywhere on the host (seen here: 34 such dying namespaces, no ICMP errors for hours).
     */
    @Override
    public void close() throws IOException {
        try {
            run(which("ip"), "netns", "exec", name, which("tc"), "qdisc", "del", "dev", "lo", "root");
            run(which("ip"), "netns", "exec", name, which("ip"), "link", "set", "lo", "down");
            run(which("ip"), "netns", "del", name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while deleting network namespace " + name, e);
        }
    }

    /** Runs a command; returns null on success or its output and exit code. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return "timed out";
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return process.exitValue() == 0 ? null : "exit " + process.exitValue() + ": " + output;
    }

    /** The path of {@code program} on PATH or in the sbin directories, or null. */
    private static String which(String program) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return Path.of(dir, program).toString();
            }
        }
        return null;
    }

    /** The calls that move a thread into a namespace. */
    private static final class Setns {
        static {
            Native.register(Setns.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
        }

        static native int open(String path, int flags);

        static native int setns(int fd, int type);

        static native int close(int fd);
    }
}
