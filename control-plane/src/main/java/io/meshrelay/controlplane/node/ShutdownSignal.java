package io.meshrelay.controlplane.node;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Blocks the main thread until SIGTERM/SIGINT, then lets it close the process's components
 * before the JVM exits (the hook waits for {@link #closed()}, bounded, so a stuck close
 * cannot hang a stop).
 */
public final class ShutdownSignal {
    private final CountDownLatch signalled = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);

    public ShutdownSignal() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            signalled.countDown();
            try {
                closed.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "meshrelay-shutdown"));
    }

    public void await() throws InterruptedException {
        signalled.await();
    }

    /** Asks the process to stop as if signalled (tests and the API's admin route). */
    public void trigger() {
        signalled.countDown();
    }

    public void closed() {
        closed.countDown();
    }
}
