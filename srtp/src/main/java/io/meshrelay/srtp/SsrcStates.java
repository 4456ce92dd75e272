package io.meshrelay.srtp;

/**
 * Open-addressing map from SSRC (a primitive int, no boxing) to its per-stream replay and index
 * state; grows by doubling when a new SSRC arrives (not per packet), up to a fixed limit. Owned by
 * its session's thread.
 */
final class SsrcStates {

    /** Per-SSRC state of one direction: RFC 3711 §3.2.1 ROC and s_l, or the SRTCP index, plus the replay window. */
    static final class Stream {
        final int ssrc;
        /** SRTP: rollover counter (unsigned 32 bits). */
        long roc;
        /** SRTP: highest sequence number seen (s_l); SRTCP: highest index received or next index to send. */
        int highest;
        /** Bit i set: index (highest - i) was accepted. */
        long window;

        Stream(int ssrc) {
            this.ssrc = ssrc;
        }
    }

    private final int limit;
    private Stream[] slots = new Stream[8];
    private int size;

    SsrcStates(int limit) {
        this.limit = limit;
    }

    Stream get(int ssrc) {
        Stream[] table = slots;
        int mask = table.length - 1;
        for (int i = mix(ssrc) & mask; ; i = (i + 1) & mask) {
            Stream s = table[i];
            if (s == null || s.ssrc == ssrc) {
                return s;
            }
        }
    }

    /** A new state for ssrc (which must be absent), or null at the limit. */
    Stream add(int ssrc) {
        if (size >= limit) {
            return null;
        }
        if ((size + 1) * 2 > slots.length) {
            Stream[] old = slots;
            slots = new Stream[old.length * 2];
            for (Stream s : old) {
                if (s != null) {
                    insert(s);
                }
            }
        }
        Stream s = new Stream(ssrc);
        insert(s);
        size++;
        return s;
    }

    boolean remove(int ssrc) {
        Stream[] table = slots;
        int mask = table.length - 1;
        int i = mix(ssrc) & mask;
        while (table[i] != null && table[i].ssrc != ssrc) {
            i = (i + 1) & mask;
        }
        if (table[i] == null) {
            return false;
        }
        table[i] = null;
        size--;
        // Re-insert the rest of the probe cluster so lookups never stop early at the hole.
        for (int j = (i + 1) & mask; table[j] != null; j = (j + 1) & mask) {
            Stream s = table[j];
            table[j] = null;
            insert(s);
        }
        return true;
    }

    int size() {
        return size;
    }

    private void insert(Stream s) {
        int mask = slots.length - 1;
        int i = mix(s.ssrc) & mask;
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = s;
    }

    /** SSRCs are random but chosen by peers: mix them so crafted values cannot line up in one cluster. */
    private static int mix(int ssrc) {
        int h = ssrc * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
