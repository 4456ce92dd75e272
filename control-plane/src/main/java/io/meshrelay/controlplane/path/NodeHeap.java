package io.meshrelay.controlplane.path;

import java.util.Arrays;

/**
 * Indexed binary min-heap of node indices for Dijkstra/A*, keyed by an external array with an
 * optional secondary key (smaller first) and the node index as final tie-break, so the pop order
 * and hence every result is a function of the input alone. Owned by one {@link PathSearch}.
 */
final class NodeHeap {
    private final int[] heap;
    private final int[] pos;
    private int size;
    private double[] primary;
    private int[] secondary;

    NodeHeap(int n) {
        heap = new int[n];
        pos = new int[n];
        Arrays.fill(pos, -1);
    }

    /** Empties the heap and orders by {@code primary}, then {@code secondary} (if given), both ascending. */
    void reset(double[] primary, int[] secondary) {
        while (size > 0) {
            pos[heap[--size]] = -1;
        }
        this.primary = primary;
        this.secondary = secondary;
    }

    boolean isEmpty() {
        return size == 0;
    }

    boolean contains(int v) {
        return pos[v] >= 0;
    }

    void push(int v) {
        heap[size] = v;
        pos[v] = size;
        up(size++);
    }

    /** Restores order after the keys of {@code v} changed in either direction. */
    void update(int v) {
        up(pos[v]);
        down(pos[v]);
    }

    int pop() {
        int top = heap[0];
        pos[top] = -1;
        if (--size > 0) {
            int last = heap[size];
            heap[0] = last;
            pos[last] = 0;
            down(0);
        }
        return top;
    }

    private boolean before(int a, int b) {
        double pa = primary[a];
        double pb = primary[b];
        if (pa != pb) {
            return pa < pb;
        }
        if (secondary != null) {
            int sa = secondary[a];
            int sb = secondary[b];
            if (sa != sb) {
                return sa < sb;
            }
        }
        return a < b;
    }

    private void up(int i) {
        int v = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            int p = heap[parent];
            if (!before(v, p)) {
                break;
            }
            heap[i] = p;
            pos[p] = i;
            i = parent;
        }
        heap[i] = v;
        pos[v] = i;
    }

    private void down(int i) {
        int v = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int c = 2 * i + 1;
            int r = c + 1;
            if (r < size && before(heap[r], heap[c])) {
                c = r;
            }
            if (!before(heap[c], v)) {
                break;
            }
            heap[i] = heap[c];
            pos[heap[i]] = i;
            i = c;
        }
        heap[i] = v;
        pos[v] = i;
    }
}
