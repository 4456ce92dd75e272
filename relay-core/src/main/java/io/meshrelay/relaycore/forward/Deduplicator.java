package io.meshrelay.relaycore.forward;

import io.netty.util.collection.IntObjectHashMap;

/**
 * Egress de-duplication for one session: per SSRC, a sliding window over extended RTP sequence
 * numbers (SRTCP by its index), so make-before-break overlap and redundant paths deliver each
 * packet exactly once while reordering within the window is still delivered.
 * Owned by the session's I/O thread. Check first, then {@link #markLast()} once the packet
 * authenticated, so a bad copy never hides a good one.
 */
public final class Deduplicator {
    /** Window span in packets: 1024 covers a second of reordering at 1,000 packets/s. */
    public static final int WINDOW = 1024;
    public static final int MAX_SSRCS = 256;

    /** Outcome of a check. */
    public enum Verdict { NEW, DUPLICATE, TOO_OLD, TOO_MANY_SSRCS }

    private final IntObjectHashMap<Window> rtp = new IntObjectHashMap<>();
    private final IntObjectHashMap<Window> rtcp = new IntObjectHashMap<>();
    private Window lastWindow;
    private long lastIndex;

    public Verdict checkRtp(int ssrc, int seq) {
        Window w = window(rtp, ssrc);
        if (w == null) {
            return Verdict.TOO_MANY_SSRCS;
        }
        return check(w, w.extend16(seq));
    }

    /** {@code index} is the 31-bit SRTCP index (RFC 3711 §3.4). */
    public Verdict checkRtcp(int ssrc, long index) {
        Window w = window(rtcp, ssrc);
        if (w == null) {
            return Verdict.TOO_MANY_SSRCS;
        }
        return check(w, index);
    }

    /** Records the packet of the last {@code NEW} verdict as delivered. */
    public void markLast() {
        if (lastWindow != null) {
            lastWindow.mark(lastIndex);
            lastWindow = null;
        }
    }

    private Verdict check(Window w, long index) {
        Verdict v = w.check(index);
        if (v == Verdict.NEW) {
            lastWindow = w;
            lastIndex = index;
        }
        return v;
    }

    private static Window window(IntObjectHashMap<Window> map, int ssrc) {
        Window w = map.get(ssrc);
        if (w == null) {
            if (map.size() >= MAX_SSRCS) {
                return null;
            }
            w = new Window();
            map.put(ssrc, w);
        }
        return w;
    }

    /** Forgets an SSRC (e.g. its sender left). */
    public void forget(int ssrc) {
        rtp.remove(ssrc);
        rtcp.remove(ssrc);
    }

    /** Bitmap of the last {@link #WINDOW} indices below and including the highest seen. */
    static final class Window {
        /** Extended indices start high so a late first packet never goes negative. */
        private static final long BASE = 1L << 32;
        private final long[] bits = new long[WINDOW / 64];
        private long highest = -1;

        /** RFC 3711 §3.3.1-style guess of the 48-bit index nearest the highest seen. */
        long extend16(int seq) {
            if (highest < 0) {
                return BASE + seq;
            }
            long candidate = (highest & ~0xFFFFL) | seq;
            long diff = candidate - highest;
            if (diff > 0x8000) {
                candidate -= 0x10000;
            } else if (diff < -0x8000) {
                candidate += 0x10000;
            }
            return candidate;
        }

        Verdict check(long index) {
            if (highest < 0 || index > highest) {
                return Verdict.NEW;
            }
            if (highest - index >= WINDOW) {
                return Verdict.TOO_OLD;
            }
            int bit = (int) (index & (WINDOW - 1));
            return (bits[bit >>> 6] & (1L << (bit & 63))) != 0 ? Verdict.DUPLICATE : Verdict.NEW;
        }

        void mark(long index) {
            if (highest < 0) {
                highest = index;
            } else if (index > highest) {
                long gap = index - highest;
                if (gap >= WINDOW) {
                    java.util.Arrays.fill(bits, 0);
                } else {
                    for (long i = highest + 1; i < index; i++) {
                        int b = (int) (i & (WINDOW - 1));
                        bits[b >>> 6] &= ~(1L << (b & 63));
                    }
                    int b = (int) (index & (WINDOW - 1));
                    bits[b >>> 6] &= ~(1L << (b & 63));
                }
                highest = index;
            }
            int bit = (int) (index & (WINDOW - 1));
            bits[bit >>> 6] |= 1L << (bit & 63);
        }
    }
}
