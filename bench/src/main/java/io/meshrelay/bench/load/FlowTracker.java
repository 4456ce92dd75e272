package io.meshrelay.bench.load;

import java.util.Arrays;

/**
 * What one flow's receiver saw: a bitmap of the 64-bit sequence numbers that arrived (grown by
 * doubling, at most 2^31 packets), so duplicates and losses are exact, and a reordering count
 * (a packet older than the newest already seen). Owned by the receiver thread.
 */
final class FlowTracker {
    static final long MAX_SEQ = 1L << 31;

    private long[] bits = new long[64];
    long received;
    long unique;
    long duplicates;
    long reordered;
    long outOfRange;
    /** One past the highest sequence number seen. */
    long next;

    /** Records {@code seq}; true if it is the first copy (its latency counts). */
    boolean record(long seq) {
        received++;
        if (seq < 0 || seq >= MAX_SEQ) {
            outOfRange++;
            return false;
        }
        int word = (int) (seq >>> 6);
        if (word >= bits.length) {
            int n = bits.length;
            while (n <= word) {
                n <<= 1;
            }
            bits = Arrays.copyOf(bits, n);
        }
        long mask = 1L << (seq & 63);
        if ((bits[word] & mask) != 0) {
            duplicates++;
            return false;
        }
        bits[word] |= mask;
        unique++;
        if (seq + 1 < next) {
            reordered++;
        } else {
            next = seq + 1;
        }
        return true;
    }
}
