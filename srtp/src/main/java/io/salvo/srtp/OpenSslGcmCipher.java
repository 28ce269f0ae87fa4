package io.salvo.srtp;

import static io.salvo.srtp.OpenSslContexts.check;

import io.salvo.rtp.OutputMessage;
import io.salvo.rtp.OutputVector;
import java.nio.ByteBuffer;

/**
 * AES-GCM (RFC 7714) through libcrypto: one {@code EVP_aes_128_gcm} or {@code EVP_aes_256_gcm}
 * context keyed once for one direction; per packet five calls: {@code EVP_EncryptInit_ex} with
 * only the 12-byte IV, the header as AAD (SRTCP: first 8 bytes and the E+index word, gathered in
 * scratch), one update over the payload (from the source vector itself, or gathered into the
 * output, see {@link NativeWorkspace#payload}), {@code EVP_EncryptFinal_ex}, and the tag fetched
 * into place with {@code EVP_CTRL_GCM_GET_TAG}. Unprotect decrypts in place and
 * checks the tag ({@code EVP_CTRL_GCM_SET_TAG}, {@code EVP_DecryptFinal_ex}); when the tag is
 * wrong it runs the key stream over the payload once more, which puts the received bytes back.
 * The calls go through {@link EvpCalls#get()}: the foreign function API on Java 22 and later, JNA
 * before.
 */
final class OpenSslGcmCipher implements PacketCipher {
    private static final EvpCalls EVP = EvpCalls.get();
    private static final int TAG_LENGTH = 16;
    private static final int INDEX_LENGTH = SrtpProfile.SRTCP_INDEX_LENGTH;
    private static final int CLEAR = SrtcpLayout.CLEAR_LENGTH;

    private final OpenSslContexts contexts = new OpenSslContexts();
    private final NativeWorkspace workspace;
    private final ByteBuffer scratch;
    private final long scratchAddress;
    private final long outLength;
    private final SrtpIv iv;
    private final boolean encrypting;
    private final long ctx;

    /** A cipher over {@code keys} (16- or 32-byte key) that encrypts ({@code encrypt}) or decrypts. */
    OpenSslGcmCipher(SessionKeys keys, boolean encrypt, SrtpCounters counters) {
        this.workspace = new NativeWorkspace(counters);
        this.scratch = workspace.scratchBuffer();
        this.scratchAddress = workspace.scratch();
        this.outLength = scratchAddress + NativeWorkspace.OUT_LENGTH;
        this.iv = new SrtpIv(keys.salt);
        this.encrypting = encrypt;
        try {
            long evp = keys.encryptionKey.length == 32 ? LibCrypto.EVP_aes_256_gcm() : LibCrypto.EVP_aes_128_gcm();
            this.ctx = contexts.cipher(evp, keys.encryptionKey, encrypt);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    @Override
    public int protectRtp(OutputMessage source, int length, int headerLength, long ssrc, long index, ByteBuffer out,
                          int outOffset) {
        int total = length + TAG_LENGTH;
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
        startEncrypt(ssrc, index);
        aad(dstAddress, headerLength);
        encrypt(from, payload, length - headerLength);
        finishEncrypt(dstAddress + length);
    }

    @Override
    public int protectRtcp(ByteBuffer packet, int offset, int length, long ssrc, int index, ByteBuffer out, int outOffset) {
        int total = length + TAG_LENGTH + INDEX_LENGTH;
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
        dst.put(dstOffset, packet, offset, CLEAR);
        SrtcpLayout.writeIndex(dst, dstOffset + length + TAG_LENGTH, index, true);
        long from = workspace.source(packet, offset + CLEAR, length - CLEAR, dst, dstOffset + CLEAR, dstAddress + CLEAR);
        startEncrypt(ssrc, index);
        rtcpAad(dst, dstOffset, dstOffset + length + TAG_LENGTH);
        encrypt(from, dstAddress + CLEAR, length - CLEAR);
        finishEncrypt(dstAddress + length);
    }

    @Override
    public boolean unprotectRtp(ByteBuffer buffer, int offset, int length, int headerLength, long ssrc, long index) {
        if (buffer.isDirect()) {
            return unprotectRtp(workspace.address(buffer) + offset, length, headerLength, ssrc, index);
        }
        NativeMemory stage = workspace.stage(buffer, offset, length);
        if (!unprotectRtp(stage.address(), length, headerLength, ssrc, index)) {
            return false;
        }
        int payload = length - TAG_LENGTH - headerLength;
        workspace.unstage(headerLength, buffer, offset + headerLength, payload);
        return true;
    }

    private boolean unprotectRtp(long address, int length, int headerLength, long ssrc, long index) {
        int sealed = length - TAG_LENGTH;
        startDecrypt(ssrc, index);
        aad(address, headerLength);
        decrypt(address + headerLength, sealed - headerLength);
        if (finishDecrypt(address + sealed)) {
            return true;
        }
        restore(ssrc, index, address + headerLength, sealed - headerLength);
        return false;
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
            int packet = length - TAG_LENGTH - INDEX_LENGTH;
            workspace.unstage(CLEAR, buffer, offset + CLEAR, packet - CLEAR);
        }
        return true;
    }

    private boolean unprotectRtcp(ByteBuffer buffer, int offset, long address, int length, long ssrc, int index,
                                  boolean encrypted) {
        int tagAt = length - INDEX_LENGTH - TAG_LENGTH;
        startDecrypt(ssrc, index);
        if (encrypted) {
            rtcpAad(buffer, offset, offset + length - INDEX_LENGTH);
            decrypt(address + CLEAR, tagAt - CLEAR);
        } else {
            aad(address, tagAt);
            aad(address + length - INDEX_LENGTH, INDEX_LENGTH);
        }
        if (finishDecrypt(address + tagAt)) {
            return true;
        }
        if (encrypted) {
            restore(ssrc, index, address + CLEAR, tagAt - CLEAR);
        }
        return false;
    }

    /** The AAD of an encrypted SRTCP packet, its first 8 bytes and the E+index word, as one update from scratch. */
    private void rtcpAad(ByteBuffer packet, int offset, int indexAt) {
        scratch.put(NativeWorkspace.AAD, packet, offset, CLEAR);
        scratch.put(NativeWorkspace.AAD + CLEAR, packet, indexAt, INDEX_LENGTH);
        aad(scratchAddress + NativeWorkspace.AAD, CLEAR + INDEX_LENGTH);
    }

    /**
     * Puts back the ciphertext a failed decryption overwrote: the counter-mode key stream does not
     * depend on the AAD, so running the same IV over the bytes again undoes the XOR. Costs a
     * second pass, on rejected packets only.
     */
    private void restore(long ssrc, long index, long address, int length) {
        startDecrypt(ssrc, index);
        decrypt(address, length);
    }

    private void startEncrypt(long ssrc, long index) {
        iv.write(scratch, NativeWorkspace.IV, ssrc, index);
        check(EVP.encryptInit(ctx, 0, 0, 0, scratchAddress + NativeWorkspace.IV), "EVP_EncryptInit_ex");
    }

    private void startDecrypt(long ssrc, long index) {
        iv.write(scratch, NativeWorkspace.IV, ssrc, index);
        check(EVP.decryptInit(ctx, 0, 0, 0, scratchAddress + NativeWorkspace.IV), "EVP_DecryptInit_ex");
    }

    /** Adds {@code length} bytes at {@code address} to the AAD (an update with no output). */
    private void aad(long address, int length) {
        if (length > 0) {
            int ok = encrypting ? EVP.encryptUpdate(ctx, 0, outLength, address, length)
                    : EVP.decryptUpdate(ctx, 0, outLength, address, length);
            check(ok, "EVP_CipherUpdate (AAD)");
        }
    }

    private void encrypt(long source, long destination, int length) {
        if (length > 0) {
            check(EVP.encryptUpdate(ctx, destination, outLength, source, length), "EVP_EncryptUpdate");
        }
    }

    private void finishEncrypt(long tagAddress) {
        check(EVP.encryptFinal(ctx, tagAddress, outLength), "EVP_EncryptFinal_ex");
        check(EVP.cipherCtrl(ctx, LibCrypto.EVP_CTRL_GCM_GET_TAG, TAG_LENGTH, tagAddress), "EVP_CTRL_GCM_GET_TAG");
    }

    private void decrypt(long address, int length) {
        if (length > 0) {
            check(EVP.decryptUpdate(ctx, address, outLength, address, length), "EVP_DecryptUpdate");
        }
    }

    private boolean finishDecrypt(long tagAddress) {
        check(EVP.cipherCtrl(ctx, LibCrypto.EVP_CTRL_GCM_SET_TAG, TAG_LENGTH, tagAddress), "EVP_CTRL_GCM_SET_TAG");
        return EVP.decryptFinal(ctx, scratchAddress + NativeWorkspace.DIGEST, outLength) == 1;
    }

    @Override
    public void close() {
        contexts.free();
        workspace.free();
    }
}
