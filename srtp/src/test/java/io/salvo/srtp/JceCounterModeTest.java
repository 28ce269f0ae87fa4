package io.salvo.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JDK counter mode with reused key and IV arrays, and its AES/ECB fallback. */
class JceCounterModeTest {
    // RFC 3711 B.2: session key 2B7E…4F3C, IV F0F1…FCFD0000 (salt shifted, SSRC and index 0)
    private static final byte[] KEY = Hex.bytes("2B7E151628AED2A6ABF7158809CF4F3C");
    private static final long IV_HIGH = 0xF0F1F2F3F4F5F6F7L;
    private static final long IV_LOW = 0xF8F9FAFBFCFD0000L;

    @Test
    void shouldUseTheJdksCtrCipherOnTheJdksWeTestOn() {
        assertTrue(new JceCounterMode(KEY).usesCtr(), "the JDK refused the reused key/IV spec or answered differently");
        assertFalse(new JceCounterMode(KEY, false).usesCtr());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldProduceTheKeystreamOfB2(boolean ctr) {
        byte[] keystream = new byte[48];
        new JceCounterMode(KEY, ctr).crypt(IV_HIGH, IV_LOW, new byte[48], 0, 48, keystream, 0);

        assertEquals("e03ead0935c95e80e166b16dd92b4eb4" + "d23513162b02d0f72a43a2fe4a5f97ab"
                + "41e95b3bb0a2e8dd477901e4fca894c0", Hex.of(keystream));
    }

    @Test
    void shouldMatchTheFallbackAtEveryLengthAndOffset() {
        Random random = new Random(7);
        JceCounterMode ctr = new JceCounterMode(KEY);
        JceCounterMode ecb = new JceCounterMode(KEY, false);
        for (int length : new int[]{1, 15, 16, 17, 100, 1188, 5000}) {
            byte[] in = new byte[length + 9];
            random.nextBytes(in);
            byte[] a = new byte[length + 3];
            byte[] b = new byte[length + 3];
            long low = random.nextLong() & ~0xFFFFL;
            ctr.crypt(IV_HIGH, low, in, 9, length, a, 3);
            ecb.crypt(IV_HIGH, low, in, 9, length, b, 3);
            assertArrayEquals(b, a, "length " + length);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void shouldNotAllocate(boolean useCtr) {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        JceCounterMode mode = new JceCounterMode(KEY, useCtr);
        byte[] in = new byte[1188];
        byte[] out = new byte[1188];
        for (int i = 0; i < 20_000; i++) {
            mode.crypt(IV_HIGH, (long) i << 16, in, 0, in.length, out, 0);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            mode.crypt(IV_HIGH, (long) i << 16, in, 0, in.length, out, 0);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 1024, () -> allocated + " bytes allocated by 10,000 packets");
    }
}
