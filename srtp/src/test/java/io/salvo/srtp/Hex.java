package io.salvo.srtp;

import java.nio.ByteBuffer;

/** Hex fixtures: whitespace is ignored, so vectors can be laid out as the RFCs print them. */
final class Hex {
    private Hex() {
    }

    static byte[] bytes(String hex) {
        String digits = hex.replaceAll("\\s+", "");
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits: " + digits.length());
        }
        byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    static String of(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(String.format("%02x", b & 0xFF));
        }
        return text.toString();
    }

    /** {@code length} bytes of {@code buffer} at {@code offset} as hex. */
    static String of(ByteBuffer buffer, int offset, int length) {
        byte[] copy = new byte[length];
        buffer.get(offset, copy, 0, length);
        return of(copy);
    }
}
