package io.salvo.srtp;

import io.salvo.rtp.OutputMessage;
import io.salvo.rtp.OutputVector;
import java.nio.ByteBuffer;

/**
 * The native memory an OpenSSL cipher works with: a small scratch block (IV, length out-parameter,
 * a 32-bit word, digest, AAD), the addresses of the direct buffers it is handed, and a staging
 * area for whole packets in heap buffers (libcrypto needs addresses; a heap array has none that
 * stays put). Staging grows, the only allocation, when a packet is larger than any before; every
 * byte copied between the heap and native memory is counted in {@link SrtpCounters#HEAP_COPY_BYTES}.
 *
 * <p>Each JNA call costs tens of nanoseconds on top of the C function, so the payload of a packet
 * reaches libcrypto in one piece: straight from the source when it is one direct vector, else
 * gathered into the output first ({@link #payload}) and encrypted there in place. A memory copy
 * of a 1200-byte payload is cheaper than a second call.
 *
 * <pre>
 * scratch:  0  IV (16 bytes; 12 for GCM)
 *          16  int out-length (written by libcrypto, never read)
 *          20  32-bit word (spare)
 *          32  digest / tag (up to 32 bytes)
 *          64  AAD (SRTCP with AES-GCM: 8 header bytes + the E+index word)
 * </pre>
 */
final class NativeWorkspace {
    static final int IV = 0;
    static final int OUT_LENGTH = 16;
    static final int DIGEST = 32;
    static final int AAD = 64;
    private static final int SCRATCH_SIZE = 96;
    private static final int INITIAL_STAGE = 2048;

    private final NativeMemory scratch = new NativeMemory(SCRATCH_SIZE);
    private final DirectAddresses addresses = new DirectAddresses();
    private final SrtpCounters counters;
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
     * The address of the RTP payload of {@code source} (everything after {@code headerLength}
     * bytes) as one contiguous run: the source's own bytes when the payload is one direct vector,
     * else the output's payload area after the vectors have been copied there.
     *
     * @param dst        the output, where the payload is gathered at {@code dstOffset}
     * @param dstAddress the native address of {@code dst}'s byte {@code dstOffset}
     */
    long payload(OutputMessage source, int headerLength, ByteBuffer dst, int dstOffset, long dstAddress) {
        ByteBuffer only = null;
        int onlyOffset = 0;
        int chunks = 0;
        for (int i = 0, n = source.vectorCount(); i < n; i++) {
            OutputVector vector = source.vector(i);
            int skip = i == 0 ? headerLength : 0;
            if (vector.length() > skip) {
                chunks++;
                only = vector.buffer();
                onlyOffset = vector.offset() + skip;
            }
        }
        if (chunks == 1 && only.isDirect()) {
            return addresses.of(only) + onlyOffset;
        }
        int at = dstOffset;
        for (int i = 0, n = source.vectorCount(); i < n; i++) {
            OutputVector vector = source.vector(i);
            int skip = i == 0 ? headerLength : 0;
            int length = vector.length() - skip;
            if (length > 0) {
                dst.put(at, vector.buffer(), vector.offset() + skip, length);
                at += length;
                if (!vector.buffer().isDirect()) {
                    counters.add(SrtpCounters.HEAP_COPY_BYTES, length);
                }
            }
        }
        return dstAddress;
    }

    /**
     * The address of {@code length} bytes of {@code source} at {@code offset}: in place for a
     * direct buffer, else copied to {@code dst} at {@code dstOffset} (native address
     * {@code dstAddress}), where they are then encrypted in place.
     */
    long source(ByteBuffer source, int offset, int length, ByteBuffer dst, int dstOffset, long dstAddress) {
        if (source.isDirect()) {
            return addresses.of(source) + offset;
        }
        dst.put(dstOffset, source, offset, length);
        counters.add(SrtpCounters.HEAP_COPY_BYTES, length);
        return dstAddress;
    }

    /** A staging area of at least {@code length} bytes for a whole packet (heap output or heap input). */
    NativeMemory packetStage(int length) {
        if (packetStage == null || packetStage.size() < length) {
            int size = Math.max(INITIAL_STAGE, Integer.highestOneBit(Math.max(1, length - 1)) << 1);
            if (packetStage != null) {
                packetStage.free();
            }
            packetStage = new NativeMemory(size);
        }
        return packetStage;
    }

    /**
     * The packet stage holding a copy of the {@code length} bytes of the heap {@code buffer} at
     * {@code offset} from its byte 0 (counted), for a packet to be unprotected there.
     */
    NativeMemory stage(ByteBuffer buffer, int offset, int length) {
        NativeMemory stage = packetStage(length);
        stage.buffer().put(0, buffer, offset, length);
        counters.add(SrtpCounters.HEAP_COPY_BYTES, length);
        return stage;
    }

    /** Copies {@code length} bytes of the packet stage from its byte {@code from} to {@code dst} at {@code dstOffset} (counted). */
    void unstage(int from, ByteBuffer dst, int dstOffset, int length) {
        dst.put(dstOffset, packetStage.buffer(), from, length);
        counters.add(SrtpCounters.HEAP_COPY_BYTES, length);
    }

    /** Zeroes and frees everything. */
    void free() {
        scratch.free();
        if (packetStage != null) {
            packetStage.free();
        }
        addresses.clear();
    }
}
