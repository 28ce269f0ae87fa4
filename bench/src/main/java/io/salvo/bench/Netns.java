package io.salvo.bench;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Network namespaces for the soak: moves the calling thread into a named namespace with
 * {@code setns(2)} (sockets it opens afterwards live there), and tells whether this process runs
 * in a namespace of its own rather than the host's, so that faults such as a link going down
 * are never applied to the host by mistake.
 */
final class Netns {
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;

    private Netns() {
    }

    /** Moves the calling thread into the namespace {@code ip netns add name} made. */
    static void enter(String name) throws IOException {
        int fd = Calls.open(path(name).toString(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            throw new IOException("open " + path(name) + ": errno " + Native.getLastError());
        }
        try {
            if (Calls.setns(fd, CLONE_NEWNET) < 0) {
                throw new IOException("setns " + name + ": errno " + Native.getLastError());
            }
        } finally {
            Calls.close(fd);
        }
    }

    /** True when a namespace of that name exists. */
    static boolean exists(String name) {
        return Files.exists(path(name));
    }

    /**
     * True when this process's network namespace is one that {@code ip netns add} made (its
     * inode is that of an entry in {@code /var/run/netns}), as {@code ip netns exec} gives: not
     * the host's. False when it cannot tell.
     */
    static boolean isolated() {
        try (DirectoryStream<Path> named = Files.newDirectoryStream(Path.of("/var/run/netns"))) {
            Object self = inode(Path.of("/proc/self/ns/net"));
            for (Path p : named) {
                if (self.equals(inode(p))) {
                    return true;
                }
            }
            return false;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private static Object inode(Path path) throws IOException {
        return Files.getAttribute(path, "unix:dev") + ":" + Files.getAttribute(path, "unix:ino");
    }

    private static Path path(String name) {
        return Path.of("/var/run/netns", name);
    }

    /** The libc calls. */
    private static final class Calls {
        static {
            Native.register(Calls.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
        }

        static native int open(String path, int flags);

        static native int setns(int fd, int type);

        static native int close(int fd);
    }
}
