package io.meshrelay.relaycore.transport;

import io.netty.channel.DefaultMaxMessagesRecvByteBufAllocator;

/**
 * Read buffers for a leg socket on epoll: {@code slots} datagram slots (Netty's recvmmsg path)
 * while wake-ups find several packets, one slot (its recvmsg path) while they find one.
 *
 * <p>Why: Netty's native recvmmsg makes a {@code getsockopt(IP_ORIGDSTADDR)} on every call and its
 * recvmsg does not, so a socket that yields one packet per wake-up (a participant's stream among
 * many) costs three syscalls a packet with slots and two without; a socket with a backlog (one hot
 * stream) reads up to {@code slots} packets a syscall with them but only one a wake-up without.
 * Every {@link #PROBE_WAKES} wake-ups in one-slot mode the next read tries the slots again.
 * One handle per channel, used on its event loop only.
 */
final class LegReadAllocator extends DefaultMaxMessagesRecvByteBufAllocator {
    /** Wake-ups in one-slot mode before the slots are tried again. */
    static final int PROBE_WAKES = 32;

    private final int slotBytes;
    private final int slots;

    LegReadAllocator(int slotBytes, int slots, int maxMessagesPerRead) {
        super(maxMessagesPerRead);
        this.slotBytes = slotBytes;
        this.slots = slots;
    }

    @Override
    @SuppressWarnings("deprecation")
    public Handle newHandle() {
        return new AdaptiveHandle();
    }

    final class AdaptiveHandle extends MaxMessageHandle {
        private boolean batched = true;
        private int wakesLeft;
        private int datagramsThisWake;

        @Override
        public int guess() {
            return batched ? slotBytes * slots : slotBytes;
        }

        @Override
        public void lastBytesRead(int bytes) {
            super.lastBytesRead(bytes);
            if (bytes > 0) {
                // a batched read reports received x slot bytes, a single read the datagram's size
                datagramsThisWake += batched ? Math.max(1, bytes / slotBytes) : 1;
            }
        }

        @Override
        public void readComplete() {
            super.readComplete();
            if (batched) {
                if (datagramsThisWake == 1) {
                    batched = false;
                    wakesLeft = PROBE_WAKES;
                }
            } else if (--wakesLeft <= 0) {
                batched = true;
            }
            datagramsThisWake = 0;
        }

        boolean batched() {
            return batched;
        }
    }
}
