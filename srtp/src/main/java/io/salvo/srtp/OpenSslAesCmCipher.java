package io.salvo.srtp;

import static io.salvo.srtp.LibCrypto.EVP_EncryptInit_ex;
import static io.salvo.srtp.LibCrypto.EVP_EncryptUpdate;
import static io.salvo.srtp.LibCrypto.HMAC_Final;
import static io.salvo.srtp.LibCrypto.HMAC_Init_ex;
import static io.salvo.srtp.LibCrypto.HMAC_Update;
import static io.salvo.srtp.OpenSslContexts.check;

import io.salvo.rtp.Bytes;
import io.salvo.rtp.OutputMessage;
import io.salvo.rtp.OutputVector;
import java.nio.ByteBuffer;

/**
 * AES-CM + HMAC-SHA1 (RFC 3711 §4.1.1, §4.2.1) through libcrypto: an {@code EVP_aes_128_ctr}
 * context and an {@code HMAC_CTX}, keyed once. Per packet, five calls: the counter context
 * re-initialised with only the IV, one update over the payload (from the source vector itself,
 * or gathered into the output, see {@link NativeWorkspace#payload}), and the HMAC re-initialised
 * with the same key, one update, final. The ROC that SRTP authenticates after the packet is
 * written where the tag goes, so header, payload and ROC are one update; the tag then overwrites
 * it. Unprotect verifies before it decrypts, in place.
 */
final class OpenSslAesCmCipher implements PacketCipher {
    private static final int ROC_LENGTH = 4;

    private final OpenSslContexts contexts = new OpenSslContexts();
    private final NativeWorkspace workspace;
    private final ByteBuffer scratch;
    private final long scratchAddress;
    private final long outLength;
    private final SrtpIv iv;
    private final int tagLength;
    private final long ctr;
    private final long hmac;

    /** A cipher over {@code keys} with tags of {@code tagLength} bytes (10 or 4). */
    OpenSslAesCmCipher(SessionKeys keys, int tagLength, SrtpCounters counters) {
        this.workspace = new NativeWorkspace(counters);
        this.scratch = workspace.scratchBuffer();
        this.scratchAddress = workspace.scratch();
        this.outLength = scratchAddress + NativeWorkspace.OUT_LENGTH;
        this.iv = new SrtpIv(keys.salt);
        this.tagLength = tagLength;
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
            workspace.unstage(0, out, outOffset, total);
        }
        return total;
    }

    private void protectRtp(OutputMessage source, int length, int headerLength, long ssrc, long index, ByteBuffer dst,
                            int dstOffset, long dstAddress) {
        OutputVector first = source.vector(0);
        dst.put(dstOffset, first.buffer(), first.offset(), headerLength);
        long payload = dstAddress + headerLength;
        long from = workspace.payload(source, headerLength, dst, dstOffset + headerLength, payload);
        encrypt(ssrc, index, from, payload, length - headerLength);
        Bytes.put32(dst, dstOffset + length, SrtpIndex.roc(index));
        mac(dstAddress, length + ROC_LENGTH);
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
            workspace.unstage(0, out, outOffset, total);
        }
        return total;
    }

    private void protectRtcp(ByteBuffer packet, int offset, int length, long ssrc, int index, ByteBuffer dst,
                             int dstOffset, long dstAddress) {
        int clear = SrtcpLayout.CLEAR_LENGTH;
        dst.put(dstOffset, packet, offset, clear);
        long from = workspace.source(packet, offset + clear, length - clear, dst, dstOffset + clear, dstAddress + clear);
        encrypt(ssrc, index, from, dstAddress + clear, length - clear);
        SrtcpLayout.writeIndex(dst, dstOffset + length, index, true);
        int authenticated = length + SrtpProfile.SRTCP_INDEX_LENGTH;
        mac(dstAddress, authenticated);
        dst.put(dstOffset + authenticated, scratch, NativeWorkspace.DIGEST, tagLength);
    }

    @Override
    public boolean unprotectRtp(ByteBuffer buffer, int offset, int length, int headerLength, long ssrc, long index) {
        if (buffer.isDirect()) {
            return unprotectRtp(buffer, offset, workspace.address(buffer) + offset, length, headerLength, ssrc, index);
        }
        NativeMemory stage = workspace.stage(buffer, offset, length);
        if (!unprotectRtp(stage.buffer(), 0, stage.address(), length, headerLength, ssrc, index)) {
            return false;
        }
        int payload = length - tagLength - headerLength;
        workspace.unstage(headerLength, buffer, offset + headerLength, payload);
        return true;
    }

    private boolean unprotectRtp(ByteBuffer buffer, int offset, long address, int length, int headerLength, long ssrc,
                                 long index) {
        int authenticated = length - tagLength;
        int tagAt = offset + authenticated;
        int tagStart = buffer.getInt(tagAt);                  // the ROC borrows the tag's first 4 bytes
        Bytes.put32(buffer, tagAt, SrtpIndex.roc(index));
        mac(address, authenticated + ROC_LENGTH);
        buffer.putInt(tagAt, tagStart);
        if (!ConstantTime.equal(scratch, NativeWorkspace.DIGEST, buffer, tagAt, tagLength)) {
            return false;
        }
        long payload = address + headerLength;
        encrypt(ssrc, index, payload, payload, authenticated - headerLength);
        return true;
    }

    @Override
    public boolean unprotectRtcp(ByteBuffer buffer, int offset, int length, long ssrc, int index, boolean encrypted) {
        if (buffer.isDirect()) {
            return unprotectRtcp(buffer, offset, workspace.address(buffer) + offset, length, ssrc, index, encrypted);
        }
        NativeMemory stage = workspace.stage(buffer, offset, length);
        if (!unprotectRtcp(stage.buffer(), 0, stage.address(), length, ssrc, index, encrypted)) {
            return false;
        }
        if (encrypted) {
            int clear = SrtcpLayout.CLEAR_LENGTH;
            int encryptedLength = length - tagLength - SrtpProfile.SRTCP_INDEX_LENGTH - clear;
            workspace.unstage(clear, buffer, offset + clear, encryptedLength);
        }
        return true;
    }

    private boolean unprotectRtcp(ByteBuffer buffer, int offset, long address, int length, long ssrc, int index,
                                  boolean encrypted) {
        int authenticated = length - tagLength;
        mac(address, authenticated);
        if (!ConstantTime.equal(scratch, NativeWorkspace.DIGEST, buffer, offset + authenticated, tagLength)) {
            return false;
        }
        if (encrypted) {
            int clear = SrtcpLayout.CLEAR_LENGTH;
            long from = address + clear;
            encrypt(ssrc, index, from, from, authenticated - SrtpProfile.SRTCP_INDEX_LENGTH - clear);
        }
        return true;
    }

    /** XORs the key stream of {@code (ssrc, index)} over {@code length} bytes from {@code source} into {@code destination}. */
    private void encrypt(long ssrc, long index, long source, long destination, int length) {
        if (length > 0) {
            iv.write(scratch, NativeWorkspace.IV, ssrc, index);
            check(EVP_EncryptInit_ex(ctr, 0, 0, 0, scratchAddress + NativeWorkspace.IV), "EVP_EncryptInit_ex");
            check(EVP_EncryptUpdate(ctr, destination, outLength, source, length), "EVP_EncryptUpdate");
        }
    }

    /** HMAC-SHA1 of {@code length} bytes at {@code address} into the scratch digest. */
    private void mac(long address, int length) {
        check(HMAC_Init_ex(hmac, 0, 0, 0, 0), "HMAC_Init_ex");
        check(HMAC_Update(hmac, address, length), "HMAC_Update");
        check(HMAC_Final(hmac, scratchAddress + NativeWorkspace.DIGEST, outLength), "HMAC_Final");
    }

    @Override
    public void close() {
        contexts.free();
        workspace.free();
    }
}
