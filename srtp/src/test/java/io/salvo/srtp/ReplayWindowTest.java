package io.salvo.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReplayWindowTest {
    private final ReplayWindow window = new ReplayWindow();

    @Test
    void shouldAcceptAnyFirstIndex() {
        assertEquals(-1, window.highest());
        assertEquals(SrtpStatus.OK, window.check(70_000));
        window.accept(70_000);
        assertEquals(70_000, window.highest());
        assertEquals(SrtpStatus.REPLAYED, window.check(70_000));
    }

    @Test
    void shouldRememberEveryIndexInsideTheWindow() {
        window.accept(5000);
        for (long index = 5000 - ReplayWindow.SIZE + 1; index < 5000; index += 2) {
            assertEquals(SrtpStatus.OK, window.check(index), "index " + index);
            window.accept(index);
        }
        for (long index = 5000 - ReplayWindow.SIZE + 1; index < 5000; index++) {
            SrtpStatus expected = (index - (5000 - ReplayWindow.SIZE + 1)) % 2 == 0 ? SrtpStatus.REPLAYED : SrtpStatus.OK;
            assertEquals(expected, window.check(index), "index " + index);
        }
        assertEquals(SrtpStatus.TOO_OLD, window.check(5000 - ReplayWindow.SIZE));
    }

    @Test
    void shouldForgetWhatSlidesOutAndClearWhatSlidesIn() {
        window.accept(100);
        window.accept(101);
        window.accept(100 + ReplayWindow.SIZE);          // slides by SIZE: 100 leaves, 101 stays
        assertEquals(SrtpStatus.TOO_OLD, window.check(100));
        assertEquals(SrtpStatus.REPLAYED, window.check(101));
        assertEquals(SrtpStatus.OK, window.check(102), "a bit reused by the ring is cleared");
        assertEquals(SrtpStatus.OK, window.check(99 + ReplayWindow.SIZE));
    }

    @Test
    void shouldClearEverythingOnAJumpLongerThanTheWindow() {
        for (long index = 0; index < 50; index++) {
            window.accept(index);
        }
        long far = 10 * ReplayWindow.SIZE + 7;
        window.accept(far);
        for (long index = far - ReplayWindow.SIZE + 1; index < far; index++) {
            assertEquals(SrtpStatus.OK, window.check(index), "index " + index);
        }
        assertEquals(SrtpStatus.REPLAYED, window.check(far));
    }
}
