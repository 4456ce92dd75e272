package io.meshrelay.relaycore.forward;

import io.meshrelay.relaycore.session.Session;
import io.netty.buffer.ByteBuf;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Hands trunk frames from the I/O thread that read them to the thread that owns their session,
 * without allocating: a bounded multi-producer ring (after Vyukov's bounded queue) of
 * pre-sized slots, drained by one reusable task. Full means the owner is overloaded: the frame
 * is dropped and counted, never queued without bound.
 */
final class Mailbox implements Runnable {
    private final Forwarder owner;
    private final int mask;
    private final Session[] sessions;
    private final ByteBuf[] buffers;
    private final boolean[] rtcp;
    private final AtomicLongArray sequence;
    private final AtomicLong tail = new AtomicLong();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Consumer-owned. */
    private long head;

    Mailbox(Forwarder owner, int capacityPow2) {
        if (Integer.bitCount(capacityPow2) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two");
        }
        this.owner = owner;
        this.mask = capacityPow2 - 1;
        this.sessions = new Session[capacityPow2];
        this.buffers = new ByteBuf[capacityPow2];
        this.rtcp = new boolean[capacityPow2];
        this.sequence = new AtomicLongArray(capacityPow2);
        for (int i = 0; i < capacityPow2; i++) {
            sequence.set(i, i);
        }
    }

    /** Any thread. On true the mailbox owns {@code buf}; on false the caller still does. */
    boolean offer(Session s, ByteBuf buf, boolean isRtcp) {
        long t;
        int idx;
        while (true) {
            t = tail.get();
            idx = (int) (t & mask);
            long seq = sequence.get(idx);
            if (seq == t) {
                if (tail.compareAndSet(t, t + 1)) {
                    break;
                }
            } else if (seq < t) {
                return false; // full
            }
        }
        sessions[idx] = s;
        buffers[idx] = buf;
        rtcp[idx] = isRtcp;
        // a full volatile store: with the consumer's volatile clear of 'scheduled' before it reads
        // the sequence, one of the two always sees the other (no lost wake-up, no stranded frame)
        sequence.set(idx, t + 1);
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            owner.eventLoop().execute(this);
        }
        return true;
    }

    /** Runs on the owner's thread: delivers everything queued, then flushes once. */
    @Override
    public void run() {
        scheduled.set(false); // later offers re-schedule; the loop below still drains what they add
        while (true) {
            int idx = (int) (head & mask);
            if (sequence.get(idx) != head + 1) {
                break;
            }
            Session s = sessions[idx];
            ByteBuf b = buffers[idx];
            boolean r = rtcp[idx];
            sessions[idx] = null;
            buffers[idx] = null;
            sequence.lazySet(idx, head + mask + 1);
            head++;
            owner.deliver(s, b, r);
        }
        owner.flush();
    }

    /** Releases what is still queued (shutdown). */
    void drainAndRelease() {
        while (true) {
            int idx = (int) (head & mask);
            if (sequence.get(idx) != head + 1) {
                return;
            }
            ByteBuf b = buffers[idx];
            sessions[idx] = null;
            buffers[idx] = null;
            sequence.lazySet(idx, head + mask + 1);
            head++;
            b.release();
        }
    }
}
