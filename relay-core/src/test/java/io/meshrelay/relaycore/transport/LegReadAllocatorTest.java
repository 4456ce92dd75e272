package io.meshrelay.relaycore.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class LegReadAllocatorTest {
    private static final int SLOT = 2048;
    private static final int SLOTS = 4;

    private final LegReadAllocator.AdaptiveHandle handle =
            (LegReadAllocator.AdaptiveHandle) new LegReadAllocator(SLOT, SLOTS, 64).newHandle();
    private final DefaultChannelConfig config = new DefaultChannelConfig(new EmbeddedChannel());

    /** One wake-up of the event loop on this socket: reads returning {@code datagrams} each. */
    private void wake(int... datagramsPerRead) {
        handle.reset(config);
        for (int n : datagramsPerRead) {
            // a batched read reports received x slot bytes, a single read the datagram's size
            handle.lastBytesRead(handle.batched() ? n * SLOT : 172);
            handle.incMessagesRead(n);
        }
        handle.readComplete();
    }

    @Test
    void aSocketWithABacklogKeepsItsSlots() {
        for (int i = 0; i < 100; i++) {
            wake(4, 4, 2);
            assertEquals(SLOT * SLOTS, handle.guess());
        }
    }

    @Test
    void aSocketThatYieldsOnePacketAWakeUpReadsWithOneSlotAndRetriesTheSlotsNowAndThen() {
        wake(1);
        assertEquals(SLOT, handle.guess());
        for (int i = 1; i < LegReadAllocator.PROBE_WAKES; i++) {
            wake(1);
            assertEquals(SLOT, handle.guess());
        }
        wake(1);
        assertEquals(SLOT * SLOTS, handle.guess(), "tries the slots again after PROBE_WAKES wake-ups");
        wake(3);
        assertEquals(SLOT * SLOTS, handle.guess(), "a backlog found: keeps them");
    }

    @Test
    void aWakeUpThatReadsNothingChangesNothing() {
        wake();
        assertEquals(SLOT * SLOTS, handle.guess());
    }
}
