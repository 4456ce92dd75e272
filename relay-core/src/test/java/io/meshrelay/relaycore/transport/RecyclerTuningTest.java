package io.meshrelay.relaycore.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The node's default for Netty's per-thread pools, and an operator's own value left alone. */
class RecyclerTuningTest {
    private static final String KEY = "io.netty.recycler.chunkSize";
    private String saved;

    @BeforeEach
    void save() {
        saved = System.getProperty(KEY);
    }

    @AfterEach
    void restore() {
        if (saved == null) {
            System.clearProperty(KEY);
        } else {
            System.setProperty(KEY, saved);
        }
    }

    @Test
    void poolsHoldFourReadBatchesWhenTheOperatorSetNothing() {
        System.clearProperty(KEY);
        Transport.tuneRecycler();
        assertEquals(Integer.toString(4 * Transport.MAX_MESSAGES_PER_READ), System.getProperty(KEY));
    }

    @Test
    void anOperatorsChunkSizeIsKept() {
        System.setProperty(KEY, "100");
        Transport.tuneRecycler();
        assertEquals("100", System.getProperty(KEY));
    }
}
