package io.salvo.srtp;

import static io.salvo.srtp.LibCrypto.EVP_EncryptInit_ex;
import static io.salvo.srtp.LibCrypto.EVP_EncryptUpdate;
import static io.salvo.srtp.LibCrypto.HMAC_Final;
import static io.salvo.srtp.LibCrypto.HMAC_Init_ex;
import static io.salvo.srtp.LibCrypto.HMAC_Update;

import io.salvo.rtp.Bytes;
import io.salvo.rtp.OutputMessage;
import io.salvo.rtp.OutputVector;
import java.nio.ByteBuffer;

/**
 * AES-CM + HMAC-SHA1 (RFC 3711 §4.1.1, §4.2.1) through libcrypto: an {@code EVP_aes_128_ctr}
 * context and an {@code HMAC_CTX}, keyed once; per packet the counter context is re-initialised
 * with only the IV, each source vector is encrypted from its own address straight into the output
 * (one pass, no staging for direct buffers), and the HMAC (re-initialised with the same key)
 * reads the output. Unprotect verifies before it decrypts, in place.
 */
final class OpenSslAesCmCipher implements PacketCipher {
    private final OpenSslContexts contexts;
    private final NativeWorkspace workspace;
    private final ByteBuffer scratch;
    private final long scratchAddress;
    private final SrtpIv iv;
    private final int tagLength;
    private final long ctr;
    private final long hmac;

    /** A cipher over {@code keys} with tags of {@code tagLength} bytes (10 or 4). */
    OpenSslAesCmCipher(SessionKeys keys, int tagLength, SrtpCounters counters) {
        this.workspace = new NativeWorkspace(counters);
        this.scratch = workspace.scratchBuffer();
        this.scratchAddress = workspace.scratch();
        this.iv = new SrtpIv(keys.salt);
        this.tagLength = tagLength;
        this.contexts = new OpenSslContexts();
        try {
            this.ctr = contexts.cipher(LibCrypto.EVP_aes_128_ctr(), keys.encryptionKey, true);
            this.hmac = contexts.hmacSha1(keys.authenticationKey);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    @Override
    public int protectRtp(OutputMessage source, int length, int headerLength, long ssrc, long index, ByteBuffer out,
                          int outOffset) {
        int total = length + tagLength;
        if (out.isDirect()) {
            protectRtp(source, length, headerLength, ssrc, index, out, outOffset, workspace.address(out) + outOffset);
        } else {
            NativeMemory stage = workspace.packetStage(total);
            protectRtp(source, length, headerLength, ssrc, index, stage.buffer(), 0, stage.address());
            out.put(outOffset, stage.buffer(), 0, total);
            workspace.countHeapCopy(total);
        }
        return total;
    }

    private void protectRtp(OutputMessage source, int length, int headerLength, long ssrc, long index, ByteBuffer dst,
                            int dstOffset, long dstAddress) {
        OutputVector first = source.vector(0);
        dst.put(dstOffset, first.buffer(), first.offset(), headerLength);
        startCounter(ssrc, index);
        long at = encrypt(first.buffer(), first.offset() + headerLength, first.length() - headerLength,
                dstAddress + headerLength);
        for (int i = 1, n = source.vectorCount(); i < n; i++) {
            OutputVector vector = source.vector(i);
            at = encrypt(vector.buffer(), vector.offset(), vector.length(), at);
        }
        mac(dstAddress, length, true, index >>> 16);
        dst.put(dstOffset + length, scratch, NativeWorkspace.DIGEST, tagLength);
    }

    @Override
    public int protectRtcp(ByteBuffer packet, int offset, int length, long ssrc, int index, ByteBuffer out, int outOffset) {
        int total = length + SrtpProfile.SRTCP_INDEX_LENGTH + tagLength;
        if (out.isDirect()) {
            protectRtcp(packet, offset, length, ssrc, index, out, outOffset, workspace.address(out) + outOffset);
        } else {
            NativeMemory stage = workspace.packetStage(total);
            protectRtcp(packet, offset, length, ssrc, index, stage.buffer(), 0, stage.address());
            out.put(outOffset, stage.buffer(), 0, total);
            workspace.countHeapCopy(total);
        }
        return total;
    }

    private void protectRtcp(ByteBuffer packet, int offset, int length, long ssrc, int index, ByteBuffer dst,
                             int dstOffset, long dstAddress) {
        int clear = SrtcpLayout.CLEAR_LENGTH;
        dst.put(dstOffset, packet, offset, clear);
        startCounter(ssrc, index);
        encrypt(packet, offset + clear, length - clear, dstAddress + clear);
        SrtcpLayout.writeIndex(dst, dstOffset + length, index, true);
        int authenticated = length + SrtpProfile.SRTCP_INDEX_LENGTH;
        mac(dstAddress, authenticated, false, 0);
        dst.put(dstOffset + authenticated, scratch, NativeWorkspace.DIGEST, tagLength);
    }

    @Override
    public boolean unprotectRtp(ByteBuffer buffer, int offset, int length, int headerLength, long ssrc, long index) {
        int authenticated = length - tagLength;
        if (buffer.isDirect()) {
            return unprotectRtp(buffer, offset, workspace.address(buffer) + offset, length, headerLength, ssrc, index);
        }
        NativeMemory stage = workspace.packetStage(length);
        stage.buffer().put(0, buffer, offset, length);
        workspace.countHeapCopy(length);
        if (!unprotectRtp(stage.buffer(), 0, stage.address(), length, headerLength, ssrc, index)) {
            return false;
        }
        buffer.put(offset + headerLength, stage.buffer(), headerLength, authenticated - headerLength);
        workspace.countHeapCopy(authenticated - headerLength);
        return true;
    }

    private boolean unprotectRtp(ByteBuffer buffer, int offset, long address, int length, int headerLength, long ssrc,
                                 long index) {
        int authenticated = length - tagLength;
        mac(address, authenticated, true, index >>> 16);
        if (!ConstantTime.equal(scratch, NativeWorkspace.DIGEST, buffer, offset + authenticated, tagLength)) {
            return false;
        }
        startCounter(ssrc, index);
        long payload = address + headerLength;
        update(payload, payload, authenticated - headerLength);
        return true;
    }

    @Override
    public boolean unprotectRtcp(ByteBuffer buffer, int offset, int length, long ssrc, int index, boolean encrypted) {
        int packetLength = length - tagLength - SrtpProfile.SRTCP_INDEX_LENGTH;
        int clear = SrtcpLayout.CLEAR_LENGTH;
        if (buffer.isDirect()) {
            return unprotectRtcp(buffer, offset, workspace.address(buffer) + offset, length, ssrc, index, encrypted);
        }
        NativeMemory stage = workspace.packetStage(length);
        stage.buffer().put(0, buffer, offset, length);
        workspace.countHeapCopy(length);
        if (!unprotectRtcp(stage.buffer(), 0, stage.address(), length, ssrc, index, encrypted)) {
            return false;
        }
        if (encrypted) {
            buffer.put(offset + clear, stage.buffer(), clear, packetLength - clear);
            workspace.countHeapCopy(packetLength - clear);
        }
        return true;
    }

    private boolean unprotectRtcp(ByteBuffer buffer, int offset, long address, int length, long ssrc, int index,
                                  boolean encrypted) {
        int authenticated = length - tagLength;
        mac(address, authenticated, false, 0);
        if (!ConstantTime.equal(scratch, NativeWorkspace.DIGEST, buffer, offset + authenticated, tagLength)) {
            return false;
        }
        if (encrypted) {
            int clear = SrtcpLayout.CLEAR_LENGTH;
            startCounter(ssrc, index);
            update(address + clear, address + clear, authenticated - SrtpProfile.SRTCP_INDEX_LENGTH - clear);
        }
        return true;
    }

    private void startCounter(long ssrc, long index) {
        iv.write(scratch, NativeWorkspace.IV, ssrc, index);
        OpenSslContexts.check(EVP_EncryptInit_ex(ctr, 0, 0, 0, scratchAddress + NativeWorkspace.IV), "EVP_EncryptInit_ex");
    }

    private long encrypt(ByteBuffer source, int offset, int length, long destination) {
        if (length > 0) {
            update(workspace.source(source, offset, length), destination, length);
        }
        return destination + length;
    }

    private void update(long source, long destination, int length) {
        if (length > 0) {
            OpenSslContexts.check(EVP_EncryptUpdate(ctr, destination, scratchAddress + NativeWorkspace.OUT_LENGTH, source,
                    length), "EVP_EncryptUpdate");
        }
    }

    /** HMAC-SHA1 of {@code length} bytes at {@code address} (then the ROC if {@code withRoc}) into the scratch digest. */
    private void mac(long address, int length, boolean withRoc, long roc) {
        OpenSslContexts.check(HMAC_Init_ex(hmac, 0, 0, 0, 0), "HMAC_Init_ex");
        OpenSslContexts.check(HMAC_Update(hmac, address, length), "HMAC_Update");
        if (withRoc) {
            Bytes.put32(scratch, NativeWorkspace.WORD, roc);
            OpenSslContexts.check(HMAC_Update(hmac, scratchAddress + NativeWorkspace.WORD, 4), "HMAC_Update");
        }
        OpenSslContexts.check(HMAC_Final(hmac, scratchAddress + NativeWorkspace.DIGEST,
                scratchAddress + NativeWorkspace.OUT_LENGTH), "HMAC_Final");
    }

    @Override
    public void close() {
        contexts.free();
        workspace.free();
    }
}
