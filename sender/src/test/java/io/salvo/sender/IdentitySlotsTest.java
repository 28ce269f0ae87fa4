package io.salvo.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IdentitySlotsTest {
    @Test
    void shouldFindAKeyByIdentityNotByEquality() {
        IdentitySlots slots = new IdentitySlots(8);
        String key = new String("k");
        int free = -slots.find(key) - 1;
        slots.put(free, key);

        assertEquals(free, slots.find(key));
        assertTrue(slots.find(new String("k")) < 0, "an equal but distinct object is another key");
    }

    @Test
    void shouldGiveDistinctKeysDistinctSlotsUntilFullThenRefuse() {
        IdentitySlots slots = new IdentitySlots(4);
        int[] seen = new int[4];
        for (int i = 0; i < 4; i++) {
            Object key = new Object();
            int free = -slots.find(key) - 1;
            slots.put(free, key);
            seen[i] = free;
        }
        for (int i = 0; i < 4; i++) {
            for (int j = i + 1; j < 4; j++) {
                assertNotEquals(seen[i], seen[j]);
            }
        }

        assertThrows(IllegalStateException.class, () -> slots.find(new Object()));
    }

    @Test
    void shouldForgetEverythingOnClear() {
        IdentitySlots slots = new IdentitySlots(4);
        Object key = new Object();
        slots.put(-slots.find(key) - 1, key);

        slots.clear();

        assertEquals(0, slots.size());
        assertTrue(slots.find(key) < 0);
    }

    @Test
    void shouldRejectACapacityThatIsNotAPowerOfTwo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new IdentitySlots(6));
        assertEquals("capacity must be a power of two >= 2, was 6", e.getMessage());
    }
}
