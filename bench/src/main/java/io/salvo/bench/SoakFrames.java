package io.salvo.bench;

import io.salvo.pacer.FrameReleaser;
import io.salvo.sender.Transmitter;
import io.salvo.sender.TransmitterStream;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The soak's encoder: synthetic H.264 access units at a fixed frame rate, sized so that every
 * second carries the target bytes (a keyframe {@code keyframeFactor} times the mean frame opens
 * every {@code keyframeEvery} frames; the other frames of its second are smaller), from rings of
 * direct buffers that are reused only after the transmitter released them. A frame whose next
 * buffer is still held is skipped, as an encoder under back-pressure skips, and counted.
 *
 * <p>Each access unit is an access unit delimiter and one slice (IDR for keyframes), its bytes
 * random and free of start-code emulation. The first {@value #STAMP_LENGTH} slice bytes carry
 * the frame's number, so a receiver can tell from any packet that opens the slice (FU-A start)
 * that the buffer still held that frame when the packet was sent: a buffer reused before its
 * last packet (or resend) left would show a newer number under an older RTP timestamp.
 *
 * <p>The release callback counts per frame: every frame handed over must be released exactly
 * once ({@link #verify()}).
 */
final class SoakFrames implements FrameReleaser {
    /** Where the stamp starts in an access unit: after the delimiter (6 bytes) and the slice's start code and header (5). */
    static final int STAMP_OFFSET = 11;
    /** Stamp bytes: the frame number's 16 nibbles, each as {@code 0x40 | nibble} (never zero). */
    static final int STAMP_LENGTH = 16;
    private static final byte[] AUD = {0, 0, 0, 1, 0x09, (byte) 0xF0};

    private final Transmitter transmitter;
    private final TransmitterStream stream;
    private final int fps;
    private final int ticksPerFrame;
    private final int keyframeEvery;
    private final int maxFrames;
    private final int[] sizes = new int[3];
    private final Slot[] keySlots;
    private final Slot[] deltaSlots;
    private final AtomicIntegerArray releases;
    private final Slot[] slotOfFrame;
    private final boolean[] handedOver;
    private int nextKey;
    private int nextDelta;
    private volatile boolean stop;
    private volatile int produced;
    private volatile long framesHandedOver;
    private volatile long bytesHandedOver;
    private volatile long skippedBusy;
    private volatile long refused;
    private volatile long released;
    private volatile long releasedIncomplete;
    private volatile long doubleReleases;
    private volatile long unknownReleases;
    private Thread thread;

    /** One reusable frame buffer; {@code busy} from hand-over until released. */
    private static final class Slot {
        final ByteBuffer buffer;
        volatile boolean busy;

        Slot(ByteBuffer buffer) {
            this.buffer = buffer;
        }
    }

    SoakFrames(Transmitter transmitter, TransmitterStream stream, long bytesPerSecond, int fps, double keyframeSeconds,
               double keyframeFactor, double bufferSeconds, int maxFrames) {
        if (90_000 % fps != 0) {
            throw new IllegalArgumentException("frame rate must divide 90000 (RTP ticks per frame), was " + fps);
        }
        this.transmitter = transmitter;
        this.stream = stream;
        this.fps = fps;
        this.ticksPerFrame = 90_000 / fps;
        this.keyframeEvery = Math.max(1, (int) Math.round(keyframeSeconds * fps));
        this.maxFrames = maxFrames;
        int average = (int) (bytesPerSecond / fps);
        int keyframe = (int) Math.min(average * keyframeFactor, bytesPerSecond * 0.8);
        int inKeySecond = keyframeEvery >= fps ? (int) ((bytesPerSecond - keyframe) / (fps - 1)) : average;
        sizes[0] = Math.max(256, keyframe);
        sizes[1] = Math.max(256, inKeySecond);
        sizes[2] = Math.max(256, average);
        int deltaSize = Math.max(sizes[1], sizes[2]);
        keySlots = slots(Math.max(2, (int) Math.ceil(bufferSeconds * fps / keyframeEvery) + 1), sizes[0], true);
        deltaSlots = slots(Math.max(4, (int) Math.ceil(bufferSeconds * fps)), deltaSize, false);
        releases = new AtomicIntegerArray(maxFrames);
        slotOfFrame = new Slot[maxFrames];
        handedOver = new boolean[maxFrames];
    }

    /** Starts producing on a new thread, the first frame now. */
    void start() {
        thread = new Thread(this::run, "soak-encoder");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops producing and waits for the thread. */
    void stop() throws InterruptedException {
        stop = true;
        if (thread != null) {
            LockSupport.unpark(thread);
            thread.join();
        }
    }

    private void run() {
        long begin = System.nanoTime();
        for (int i = 0; i < maxFrames && !stop; i++) {
            long due = begin + (long) (i * 1e9 / fps);
            long wait;
            while ((wait = due - System.nanoTime()) > 0 && !stop) {
                LockSupport.parkNanos(wait);
            }
            if (!stop) {
                produce(i);
                produced = i + 1;
            }
        }
    }

    private void produce(int frame) {
        boolean key = frame % keyframeEvery == 0;
        Slot slot = key ? keySlots[nextKey] : deltaSlots[nextDelta];
        if (slot.busy) {
            skippedBusy++;
            return;
        }
        if (key) {
            nextKey = (nextKey + 1) % keySlots.length;
        } else {
            nextDelta = (nextDelta + 1) % deltaSlots.length;
        }
        int size = key ? sizes[0] : (frame / fps) % Math.max(1, keyframeEvery / fps) == 0 ? sizes[1] : sizes[2];
        stamp(slot.buffer, frame);
        slot.buffer.put(size - 1, (byte) 0x80); // rbsp_stop_one_bit
        slot.busy = true;
        slotOfFrame[frame] = slot;
        handedOver[frame] = true;
        if (transmitter.submit(stream, slot.buffer, 0, size, (long) frame * ticksPerFrame, key, frame, this)) {
            framesHandedOver++;
            bytesHandedOver += size;
        } else {
            handedOver[frame] = false;
            slot.busy = false;
            refused++;
        }
    }

    /** Runs on the transmitter thread (or the closing one): counts the release, frees the buffer. */
    @Override
    public void released(ByteBuffer frame, long tag, boolean allSent) {
        if (tag < 0 || tag >= releases.length()) {
            unknownReleases++;
            return;
        }
        int frameNumber = (int) tag;
        if (releases.incrementAndGet(frameNumber) > 1) {
            doubleReleases++;
            return;
        }
        if (!handedOver[frameNumber] || slotOfFrame[frameNumber] == null || slotOfFrame[frameNumber].buffer != frame) {
            unknownReleases++;
            return;
        }
        released++;
        if (!allSent) {
            releasedIncomplete++;
        }
        slotOfFrame[frameNumber].busy = false;
    }

    /**
     * After the producer stopped and the transmitter closed: null when every frame handed over
     * was released exactly once and no other was, else what went wrong.
     */
    String verify() {
        int never = 0;
        int twice = 0;
        int stray = 0;
        int first = -1;
        for (int f = 0; f < produced; f++) {
            int n = releases.get(f);
            boolean bad = handedOver[f] ? n != 1 : n != 0;
            if (handedOver[f] && n == 0) {
                never++;
            } else if (n > 1) {
                twice++;
            } else if (!handedOver[f] && n != 0) {
                stray++;
            }
            if (bad && first < 0) {
                first = f;
            }
        }
        if (never + twice + stray == 0 && doubleReleases == 0 && unknownReleases == 0) {
            return null;
        }
        return never + " frames never released, " + twice + " released more than once, " + stray
                + " released without being handed over, " + unknownReleases + " releases of unknown frames"
                + (first >= 0 ? " (first: frame " + first + ")" : "");
    }

    /** Writes frame number {@code frame} into the stamp of {@code buffer}. */
    static void stamp(ByteBuffer buffer, long frame) {
        for (int i = 0; i < STAMP_LENGTH; i++) {
            buffer.put(STAMP_OFFSET + i, (byte) (0x40 | ((frame >>> (4 * (STAMP_LENGTH - 1 - i))) & 0xF)));
        }
    }

    /** The frame number in the stamp at {@code index}, or -1 if those bytes are not a stamp. */
    static long readStamp(ByteBuffer buffer, int index) {
        long frame = 0;
        for (int i = 0; i < STAMP_LENGTH; i++) {
            int b = buffer.get(index + i) & 0xFF;
            if ((b & 0xF0) != 0x40) {
                return -1;
            }
            frame = (frame << 4) | (b & 0xF);
        }
        return frame;
    }

    private static Slot[] slots(int count, int size, boolean idr) {
        Random random = new Random(idr ? 17 : 18);
        ByteBuffer template = ByteBuffer.allocate(size);
        template.put(AUD).put(new byte[] {0, 0, 0, 1, (byte) (idr ? 0x65 : 0x41)});
        while (template.hasRemaining()) {
            template.put((byte) (1 + random.nextInt(255))); // no zero byte: no start-code emulation
        }
        Slot[] slots = new Slot[count];
        for (int i = 0; i < count; i++) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(size);
            buffer.put(template.flip()).clear();
            slots[i] = new Slot(buffer);
        }
        return slots;
    }

    int ticksPerFrame() {
        return ticksPerFrame;
    }

    int keyframeBytes() {
        return sizes[0];
    }

    int bufferCount() {
        return keySlots.length + deltaSlots.length;
    }

    long bufferBytes() {
        return (long) keySlots.length * keySlots[0].buffer.capacity()
                + (long) deltaSlots.length * deltaSlots[0].buffer.capacity();
    }

    int produced() {
        return produced;
    }

    long handedOver() {
        return framesHandedOver;
    }

    long bytesHandedOver() {
        return bytesHandedOver;
    }

    long skippedBusy() {
        return skippedBusy;
    }

    long refused() {
        return refused;
    }

    long released() {
        return released;
    }

    long releasedIncomplete() {
        return releasedIncomplete;
    }

    long doubleReleases() {
        return doubleReleases;
    }

    long unknownReleases() {
        return unknownReleases;
    }
}
