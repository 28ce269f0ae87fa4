package io.salvo.demo.stream;

import io.salvo.sender.TransmitterStats;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Reports a running stream on stderr: a status line rewritten in place on a terminal (4 times a
 * second), or a plain line every 5 seconds when the output is a file or a pipe; it ends with
 * "kernel pacing" while the kernel paces the datagrams ({@code --txtime}).
 */
public final class StreamProgress implements AutoCloseable {
    private final StreamSession session;
    private final PrintWriter out;
    private final boolean live;
    private final Thread thread;
    private volatile boolean running = true;
    private long lastBytes;
    private double lastSeconds;
    private int lastWidth;

    /** Starts reporting {@code session} to {@code out}; {@code live} for a terminal. */
    public StreamProgress(StreamSession session, PrintWriter out, boolean live) {
        this.session = session;
        this.out = out;
        this.live = live;
        this.thread = new Thread(this::run, "salvo-progress");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        long period = live ? 250 : 5000;
        while (running) {
            try {
                Thread.sleep(period);
            } catch (InterruptedException e) {
                return;
            }
            if (running) {
                print();
            }
        }
    }

    private synchronized void print() {
        TransmitterStats stats = session.stats();
        double seconds = session.elapsedSeconds();
        double interval = Math.max(1e-3, seconds - lastSeconds);
        double mbps = (stats.bytesSent() - lastBytes) * 8 / interval / 1e6;
        lastBytes = stats.bytesSent();
        lastSeconds = seconds;
        String line = String.format(Locale.ROOT, "%6.1f s  frames %d  packets %d  %.2f Mbit/s  lateness p99 %d us  drops %d",
                seconds, session.framesSubmitted(), stats.sent(), mbps, stats.latenessMicros(99), stats.dropped())
                + (session.kernelPacing().paced() ? "  kernel pacing" : "");
        if (live) {
            String padded = line.length() < lastWidth ? line + " ".repeat(lastWidth - line.length()) : line;
            lastWidth = line.length();
            out.print("\r" + padded);
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** Stops reporting (ends the live line). */
    @Override
    public synchronized void close() {
        running = false;
        thread.interrupt();
        if (live && lastWidth > 0) {
            out.print("\r" + " ".repeat(lastWidth) + "\r");
            out.flush();
        }
    }
}
