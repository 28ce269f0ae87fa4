package io.salvo.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CancellableTest {
    @Test
    void shouldRunEachRegisteredWakerOnceOnCancel() {
        Cancellable cancellable = new Cancellable();
        AtomicInteger runs = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            assertTrue(cancellable.register(runs::incrementAndGet));
        }

        cancellable.cancel();
        cancellable.cancel();

        assertTrue(cancellable.isCancelled());
        assertEquals(5, runs.get());
    }

    @Test
    void shouldNotRunAnUnregisteredWaker() {
        Cancellable cancellable = new Cancellable();
        AtomicInteger runs = new AtomicInteger();
        Runnable waker = runs::incrementAndGet;
        cancellable.register(waker);

        cancellable.unregister(waker);
        cancellable.cancel();

        assertEquals(0, runs.get());
    }

    @Test
    void shouldRefuseToRegisterOnceCancelled() {
        Cancellable cancellable = new Cancellable();
        assertFalse(cancellable.isCancelled());
        cancellable.cancel();

        assertFalse(cancellable.register(() -> { }));
    }
}
