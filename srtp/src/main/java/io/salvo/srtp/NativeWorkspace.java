package io.salvo.srtp;

import java.nio.ByteBuffer;

/**
 * The native memory an OpenSSL cipher works with: a small scratch block (IV, length out-parameter,
 * index word, digest), the addresses of the direct buffers it is handed, and two staging areas
 * that heap buffers are copied through (libcrypto needs addresses; a heap array has none that
 * stays put). Staging grows, the only allocation, when a packet is larger than any before;
 * every byte copied is counted in {@link SrtpCounters#HEAP_COPY_BYTES}.
 *
 * <pre>
 * scratch:  0  IV (16 bytes; 12 for GCM)
 *          16  int out-length (written by libcrypto, never read)
 *          20  32-bit word: ROC or E+SRTCP index
 *          24  spare (8)
 *          32  digest / tag (up to 32 bytes)
 * </pre>
 */
final class NativeWorkspace {
    static final int IV = 0;
    static final int OUT_LENGTH = 16;
    static final int WORD = 20;
    static final int DIGEST = 32;
    private static final int SCRATCH_SIZE = 64;
    private static final int INITIAL_STAGE = 2048;

    private final NativeMemory scratch = new NativeMemory(SCRATCH_SIZE);
    private final DirectAddresses addresses = new DirectAddresses();
    private final SrtpCounters counters;
    private NativeMemory sourceStage;
    private NativeMemory packetStage;

    NativeWorkspace(SrtpCounters counters) {
        this.counters = counters;
    }

    /** Address of the scratch block. */
    long scratch() {
        return scratch.address();
    }

    /** Big-endian view of the scratch block. */
    ByteBuffer scratchBuffer() {
        return scratch.buffer();
    }

    /** Base address of the direct {@code buffer}. */
    long address(ByteBuffer buffer) {
        return addresses.of(buffer);
    }

    /**
     * Address of {@code length} bytes of {@code buffer} at {@code offset}: in place for a direct
     * buffer, else copied to the source stage (valid until the next call).
     */
    long source(ByteBuffer buffer, int offset, int length) {
        if (buffer.isDirect()) {
            return addresses.of(buffer) + offset;
        }
        if (sourceStage == null || sourceStage.size() < length) {
            sourceStage = grow(sourceStage, length);
        }
        sourceStage.buffer().put(0, buffer, offset, length);
        counters.add(SrtpCounters.HEAP_COPY_BYTES, length);
        return sourceStage.address();
    }

    /** A staging area of at least {@code length} bytes for a whole packet (heap output or heap input). */
    NativeMemory packetStage(int length) {
        if (packetStage == null || packetStage.size() < length) {
            packetStage = grow(packetStage, length);
        }
        return packetStage;
    }

    /** Counts {@code length} bytes copied between a heap buffer and the packet stage. */
    void countHeapCopy(int length) {
        counters.add(SrtpCounters.HEAP_COPY_BYTES, length);
    }

    private static NativeMemory grow(NativeMemory old, int length) {
        int size = Math.max(INITIAL_STAGE, Integer.highestOneBit(Math.max(1, length - 1)) << 1);
        if (old != null) {
            old.free();
        }
        return new NativeMemory(size);
    }

    /** Zeroes and frees everything. */
    void free() {
        scratch.free();
        if (sourceStage != null) {
            sourceStage.free();
        }
        if (packetStage != null) {
            packetStage.free();
        }
        addresses.clear();
    }
}
