package io.meshrelay.relaycore.forward;

import io.meshrelay.relaycore.frame.TrunkFrame;
import java.util.Arrays;

/**
 * One route through the mesh from this node: the node indices to visit, the last being the
 * remote anchor. Immutable; {@code id} names it in frames and counters.
 */
public final class Path {
    private final int id;
    private final short[] segments;

    public Path(int id, int... nodes) {
        if (id < 0 || id > 0xFFFF) {
            throw new IllegalArgumentException("path id must be 0..65535");
        }
        if (nodes.length < 1 || nodes.length > TrunkFrame.MAX_SEGMENTS) {
            throw new IllegalArgumentException("a path has 1.." + TrunkFrame.MAX_SEGMENTS + " hops, got " + nodes.length);
        }
        this.id = id;
        this.segments = new short[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] < 0 || nodes[i] > 0xFFFF) {
                throw new IllegalArgumentException("node index out of range: " + nodes[i]);
            }
            for (int j = 0; j < i; j++) {
                if (nodes[j] == nodes[i]) {
                    throw new IllegalArgumentException("path visits node " + nodes[i] + " twice");
                }
            }
            segments[i] = (short) nodes[i];
        }
    }

    public int id() {
        return id;
    }

    /** Shared, never modified: the frame writer copies from it. */
    short[] segmentsUnsafe() {
        return segments;
    }

    public int hops() {
        return segments.length;
    }

    public int node(int i) {
        return segments[i] & 0xFFFF;
    }

    public int firstHop() {
        return node(0);
    }

    public int destination() {
        return node(segments.length - 1);
    }

    /** True if the path crosses the directed link {@code from -> to} (from = -1 means this node). */
    public boolean uses(int self, int from, int to) {
        int prev = self;
        for (short s : segments) {
            int n = s & 0xFFFF;
            if (prev == from && n == to) {
                return true;
            }
            prev = n;
        }
        return false;
    }

    public boolean visits(int node) {
        for (short s : segments) {
            if ((s & 0xFFFF) == node) {
                return true;
            }
        }
        return false;
    }

    public int[] nodes() {
        int[] out = new int[segments.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = node(i);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Path && ((Path) o).id == id && Arrays.equals(((Path) o).segments, segments);
    }

    @Override
    public int hashCode() {
        return 31 * id + Arrays.hashCode(segments);
    }

    @Override
    public String toString() {
        return "path#" + id + Arrays.toString(nodes());
    }
}
